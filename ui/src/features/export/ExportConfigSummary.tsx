import { Descriptions, Typography } from 'antd';
import type { ExportConfig } from '../../api/types';
import { codecOf } from '../new-export/buildExportRequest';
import { describeFilters } from '../new-export/filters';
import { keyLabel, refersTo, usePublicKeys } from '../new-export/usePublicKeys';

/** "zstd, level 19", "gzip" or "none", from the config as it was sent (older: a boolean). */
export function describeCompression(config: Pick<ExportConfig, 'compression' | 'compression_level'>): string {
  const codec = codecOf(config.compression);
  if (codec === 'none') return 'none';
  return typeof config.compression_level === 'number' ? `${codec}, level ${config.compression_level}` : codec;
}

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
