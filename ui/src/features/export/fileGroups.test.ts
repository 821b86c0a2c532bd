import { describe, expect, it } from 'vitest';
import type { DownloadFile } from '../../api/types';
import { cardUrl, groupFiles, schemaUrl } from './fileGroups';

const file = (
  path: string,
  kind: DownloadFile['kind'],
  data_type: string | null,
  split: string | null = null,
  partition: string | null = null,
): DownloadFile => ({
  name: path,
  path,
  kind,
  data_type,
  split,
  partition,
  records: 10,
  size: 1000,
  sha256: 'ab'.repeat(32),
  url: `http://s3/${path}?sig`,
});

/** A listing of a Parquet export split train/test, partitioned by day, as the gateway orders it. */
const FILES = [
  file('test/anomalies/date=2024-03-03/part-00000.parquet', 'data', 'anomalies', 'test', 'date=2024-03-03'),
  file('test/logs/date=2024-03-03/part-00000.parquet', 'data', 'logs', 'test', 'date=2024-03-03'),
  file('train/logs/date=2024-03-03/part-00000.parquet', 'data', 'logs', 'train', 'date=2024-03-03'),
  file('train/logs/date=2024-03-03/part-00001.parquet', 'data', 'logs', 'train', 'date=2024-03-03'),
  file('train/logs/date=2024-03-04/part-00000.parquet', 'data', 'logs', 'train', 'date=2024-03-04'),
  file('train/anomalies/date=__null__/part-00000.parquet', 'data', 'anomalies', 'train', 'date=__null__'),
  file('rejected/logs.jsonl', 'rejected', 'logs'),
  file('README.md', 'card', null),
  file('schema.json', 'schema', null),
];

describe('groupFiles', () => {
  it('groups data files by split, then data type, then partition, in the listing order', () => {
    const g = groupFiles(FILES);
    expect(g.splits.map((s) => s.split)).toEqual(['test', 'train']);
    const train = g.splits[1];
    expect(train.partitioned).toBe(true);
    expect(train.rows.map((r) => [r.file.data_type, r.file.partition, r.label, r.typeSpan, r.partitionSpan])).toEqual([
      ['logs', 'date=2024-03-03', 'part-00000.parquet', 3, 2],
      ['logs', 'date=2024-03-03', 'part-00001.parquet', 0, 0],
      ['logs', 'date=2024-03-04', 'part-00000.parquet', 0, 1],
      ['anomalies', 'date=__null__', 'part-00000.parquet', 1, 1],
    ]);
    expect(g.splits[0].rows.map((r) => r.file.data_type)).toEqual(['anomalies', 'logs']);
  });

  it('keeps rejected files, the data card and the schema out of the splits', () => {
    const g = groupFiles(FILES);
    const inSplits = g.splits.flatMap((s) => s.rows.map((r) => r.file.kind));
    expect(new Set(inSplits)).toEqual(new Set(['data']));
    expect(g.rejected.map((r) => [r.label, r.typeSpan])).toEqual([['logs.jsonl', 1]]);
    expect(g.card?.name).toBe('README.md');
    expect(g.schema?.name).toBe('schema.json');
  });

  it('puts a single-file export (no split, no partition, older listing without path) in one group', () => {
    const old = [
      { ...file('logs.csv.gz', 'data', 'logs'), path: undefined, split: undefined, partition: undefined },
      { ...file('ips.csv.gz', 'data', 'ips'), path: undefined, split: undefined, partition: undefined },
    ];
    const g = groupFiles(old);
    expect(g.splits).toHaveLength(1);
    expect(g.splits[0].split).toBeNull();
    expect(g.splits[0].partitioned).toBe(false);
    expect(g.splits[0].rows.map((r) => [r.label, r.typeSpan, r.partitionSpan])).toEqual([
      ['logs.csv.gz', 1, 1],
      ['ips.csv.gz', 1, 1],
    ]);
    expect(g.card).toBeNull();
  });

  it("links the card and schema by the listing's URLs, else by their files", () => {
    const listing = { export_id: 'x', expires_at: '', manifest_url: 'm', files: FILES };
    const g = groupFiles(FILES);
    expect(cardUrl(listing, g)).toBe('http://s3/README.md?sig');
    expect(schemaUrl(listing, g)).toBe('http://s3/schema.json?sig');
    expect(cardUrl({ ...listing, card_url: 'http://s3/card' }, g)).toBe('http://s3/card');
    expect(schemaUrl({ ...listing, schema_url: 'http://s3/schema' }, g)).toBe('http://s3/schema');
    expect(cardUrl({ ...listing, files: [] }, groupFiles([]))).toBeNull();
  });
});
