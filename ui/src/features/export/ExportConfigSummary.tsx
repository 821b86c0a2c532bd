import { Descriptions, Typography } from 'antd';
import type { ExportConfig } from '../../api/types';
import { formatNumber } from '../../components/format';
import { codecOf } from '../new-export/buildExportRequest';
import { describeFilters } from '../new-export/filters';
import { keyLabel, refersTo, usePublicKeys } from '../new-export/usePublicKeys';

/**
 * "zstd, level 19", "gzip" or "none", from the config as it was sent (older: a boolean); for Parquet the page
 * codec: "snappy pages", "zstd pages, level 3", "uncompressed pages".
 */
export function describeCompression(
  config: Pick<ExportConfig, 'compression' | 'compression_level' | 'output_format'>,
): string {
  const parquet = config.output_format === 'parquet';
  const codec = codecOf(config.compression, config.output_format);
  if (codec === 'none') return parquet ? 'uncompressed pages' : 'none';
  const name = parquet ? `${codec} pages` : codec;
  return typeof config.compression_level === 'number' ? `${name}, level ${config.compression_level}` : name;
}

/** "fraction 0.1, seed "s", key host" or "100,000 rows per data type" (key: the id column when not named). */
export function describeSample(sample: NonNullable<ExportConfig['sample']>): string {
  const what =
    typeof sample.fraction === 'number'
      ? `fraction ${sample.fraction}`
      : `${formatNumber(sample.rows)} rows per data type`;
  return `${what}${keyAndSeed(sample)}`;
}

/** "train 0.8, validation 0.1, test 0.1, key host, seed "s"". */
export function describeSplit(split: NonNullable<ExportConfig['split']>): string {
  const ratios = Object.entries(split.ratios ?? {}).map(([name, ratio]) => `${name} ${ratio}`);
  return `${ratios.join(', ')}${keyAndSeed(split)}`;
}

const keyAndSeed = ({ key, seed }: { key?: string | null; seed?: string }) =>
  `, key ${key || 'id column'}${seed ? `, seed "${seed}"` : ''}`;

/** How the export was asked for: format, compression, row filters, encryption, formula escaping. */
export function ExportConfigSummary({ config }: { config: ExportConfig }) {
  const recipients = config.encryption?.recipients ?? [];
  const keys = usePublicKeys(recipients.length > 0);
  const filters = describeFilters(config.filters, config.data_types ?? []);
  const recipientName = (ref: string) => {
    const k = keys.items.find((key) => refersTo(ref, key));
    return k ? keyLabel(k) : ref;
  };
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      title="Configuration"
      items={[
        { key: 'types', label: 'Data types', children: (config.data_types ?? []).join(', ') },
        { key: 'format', label: 'Format', children: config.output_format },
        ...(config.processes?.length
          ? [{ key: 'processes', label: 'Processes', children: config.processes.join(', ') }]
          : []),
        {
          key: 'filters',
          label: 'Filters',
          children: filters.length ? (
            <div data-testid="config-filters">
              {filters.map((line) => (
                <div key={line}>
                  <Typography.Text code>{line}</Typography.Text>
                </div>
              ))}
            </div>
          ) : (
            'none'
          ),
        },
        { key: 'compression', label: 'Compression', children: describeCompression(config) },
        {
          key: 'encryption',
          label: 'Encryption',
          children: recipients.length ? `OpenPGP to ${recipients.map(recipientName).join(', ')}` : 'none',
        },
        ...(config.max_file_size !== null && config.max_file_size !== undefined && config.max_file_size !== ''
          ? [{ key: 'max_file_size', label: 'Max file size', children: String(config.max_file_size) }]
          : []),
        ...(config.partition_by ? [{ key: 'partition_by', label: 'Partition by', children: config.partition_by }] : []),
        ...(config.sample ? [{ key: 'sample', label: 'Sample', children: describeSample(config.sample) }] : []),
        ...(config.split ? [{ key: 'split', label: 'Split', children: describeSplit(config.split) }] : []),
        ...(config.output_format === 'csv'
          ? [
              {
                key: 'formulas',
                label: 'Formula escaping',
                children: config.csv_escape_formulas ? "on (cells starting with = + - @ get a leading ')" : 'off',
              },
            ]
          : []),
      ]}
    />
  );
}
