import type { DownloadFile, DownloadListing } from '../../api/types';

/** One row of a grouped file table: the file and how many rows its data type and partition cells span. */
export interface FileRow {
  file: DownloadFile;
  /** the file name inside its folder (part-00000.parquet) */
  label: string;
  /** rows of this data type in the group from this row on (0: a row below the first) */
  typeSpan: number;
  /** rows of this partition within the data type from this row on (0: a row below the first) */
  partitionSpan: number;
}

/** The files of one split (null: an export without a split), data type by data type, partition by partition. */
export interface SplitGroup {
  split: string | null;
  rows: FileRow[];
  /** whether any file of the group has a partition (the table shows the column) */
  partitioned: boolean;
}

export interface GroupedFiles {
  /** in the listing's order of first appearance */
  splits: SplitGroup[];
  rejected: FileRow[];
  card: DownloadFile | null;
  schema: DownloadFile | null;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Groups by key in order of first appearance. */
function groupBy<T, K>(items: T[], key: (t: T) => K): [K, T[]][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.entries()];
}

/** Table rows of files: data type, then partition, each group's first row spanning the rest. */
function rowsOf(files: DownloadFile[]): FileRow[] {
  const rows: FileRow[] = [];
  for (const [, ofType] of groupBy(files, (f) => f.data_type ?? '')) {
    groupBy(ofType, (f) => f.partition ?? null).forEach(([, ofPartition], p) => {
      ofPartition.forEach((file, i) => {
        rows.push({
          file,
          label: baseName(file.path ?? file.name),
          typeSpan: p === 0 && i === 0 ? ofType.length : 0,
          partitionSpan: i === 0 ? ofPartition.length : 0,
        });
      });
    });
  }
  return rows;
}

/**
 * A download listing as the export page shows it: data files by split, then data type, then partition (each
 * kept in the listing's order); rejected files apart; the data card (README.md) and schema.json by themselves.
 */
export function groupFiles(files: DownloadFile[]): GroupedFiles {
  const data = files.filter((f) => f.kind === 'data');
  return {
    splits: groupBy(data, (f) => f.split ?? null).map(([split, ofSplit]) => ({
      split,
      rows: rowsOf(ofSplit),
      partitioned: ofSplit.some((f) => f.partition),
    })),
    rejected: rowsOf(files.filter((f) => f.kind === 'rejected')),
    card: files.find((f) => f.kind === 'card') ?? null,
    schema: files.find((f) => f.kind === 'schema') ?? null,
  };
}

/** The data card's URL: the listing's `card_url`, else its `card` file's. */
export function cardUrl(listing: DownloadListing, groups: GroupedFiles): string | null {
  return listing.card_url || groups.card?.url || null;
}

/** schema.json's URL: the listing's `schema_url`, else its `schema` file's. */
export function schemaUrl(listing: DownloadListing, groups: GroupedFiles): string | null {
  return listing.schema_url || groups.schema?.url || null;
}
