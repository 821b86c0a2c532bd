import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from './sse';

function parse(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  chunks.forEach((c) => p.push(c));
  p.end();
  return out;
}

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(typeof c === 'string' ? enc.encode(c) : c);
      controller.close();
    },
  });
}

describe('SSE parser', () => {
  it('reads event and data fields', () => {
    expect(parse(['event: progress\ndata: {"percent":5}\n\n'])).toEqual([{ event: 'progress', data: '{"percent":5}' }]);
  });

  it('defaults the event name to "message" and joins multi-line data', () => {
    expect(parse(['data: a\ndata: b\nid: 7\n\n'])).toEqual([{ event: 'message', data: 'a\nb', id: '7' }]);
  });

  it('handles chunks split mid-line and mid-field', () => {
    const text = 'event: progress\ndata: {"export_id":"x","percent":42}\n\n';
    const events = parse(text.split(''));
    expect(events).toEqual([{ event: 'progress', data: '{"export_id":"x","percent":42}' }]);
    expect(parse(['ev', 'ent: progr', 'ess\nda', 'ta: {"a"', ':1}', '\n', '\n'])).toEqual([
      { event: 'progress', data: '{"a":1}' },
    ]);
  });

  it('emits several events from one chunk', () => {
    const events = parse(['event: progress\ndata: 1\n\nevent: progress\ndata: 2\n\n: keep-alive\n\ndata: 3\n\n']);
    expect(events.map((e) => [e.event, e.data])).toEqual([
      ['progress', '1'],
      ['progress', '2'],
      ['message', '3'],
    ]);
  });

  it('accepts CRLF and CR line endings, also split between chunks', () => {
    expect(parse(['event: progress\r', '\ndata: x\r\n\r', '\n'])).toEqual([{ event: 'progress', data: 'x' }]);
    expect(parse(['data: y\r\rdata: z\n\n'])).toEqual([
      { event: 'message', data: 'y' },
      { event: 'message', data: 'z' },
    ]);
  });

  it('drops an unterminated trailing event and ignores comments and unknown fields', () => {
    expect(parse([': hi\nretry: 100\nfoo: bar\ndata: ok\n\ndata: partial'])).toEqual([
      { event: 'message', data: 'ok' },
    ]);
  });

  it('keeps a value without the optional space and a field without a colon', () => {
    expect(parse(['data:tight\ndata\n\n'])).toEqual([{ event: 'message', data: 'tight\n' }]);
  });

  it('readSse decodes a byte stream, including multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('event: progress\ndata: "é"\n\n');
    const cut = bytes.indexOf(0xc3) + 1;
    const out: SseEvent[] = [];
    await readSse(streamOf([bytes.slice(0, cut), bytes.slice(cut), 'data: 2\n\n']), (e) => out.push(e));
    expect(out).toEqual([
      { event: 'progress', data: '"é"' },
      { event: 'message', data: '2' },
    ]);
  });
});
