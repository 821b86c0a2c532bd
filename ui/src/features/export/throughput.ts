export interface Sample {
  /** ms since epoch */
  at: number;
  records: number;
}

export interface Throughput {
  /** records per second since the first sample */
  rate: number;
  /** seconds left at that rate, or null when unknown */
  etaSeconds: number | null;
}

/** Records/s between the first sample (page opened) and the latest one, and the ETA to `total`. */
export function computeThroughput(
  first: Sample | null,
  latest: Sample | null,
  total?: number | null,
): Throughput | null {
  if (!first || !latest) return null;
  const seconds = (latest.at - first.at) / 1000;
  if (seconds <= 0) return null;
  const rate = Math.max(0, (latest.records - first.records) / seconds);
  let etaSeconds: number | null = null;
  if (rate > 0 && total && total > latest.records) etaSeconds = (total - latest.records) / rate;
  else if (total && latest.records >= total) etaSeconds = 0;
  return { rate, etaSeconds };
}

/** 75 → "1m 15s", 3700 → "1h 1m", 4 → "4s" */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** A shard's run time: 420 → "420 ms", 4210 → "4.2s", 75000 → "1m 15s"; "-" when unknown. */
export function formatMillis(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10000) return `${(ms / 1000).toFixed(1)}s`;
  return formatDuration(ms / 1000);
}
