import { useState } from 'react';
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, Typography } from 'antd';
import { api, errorMessage } from '../../api/client';
import type { DownloadListing } from '../../api/types';
import { formatDateTime, formatNumber, humanSize } from '../../components/format';
import { cardUrl, groupFiles, schemaUrl, type FileRow } from './fileGroups';

/** The files of one split (or of an export without splits), grouped by data type and partition. */
function FileTable({ rows, partitioned, caption }: { rows: FileRow[]; partitioned: boolean; caption: string }) {
  return (
    <Table<FileRow>
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowKey={(r) => r.file.name}
      dataSource={rows}
      locale={{ emptyText: 'No files' }}
      title={() => <Typography.Text strong>{caption}</Typography.Text>}
      columns={[
        {
          title: 'Data type',
          key: 'type',
          render: (_, r) => r.file.data_type,
          onCell: (r) => ({ rowSpan: r.typeSpan }),
        },
        ...(partitioned
          ? [
              {
                title: 'Partition',
                key: 'partition',
                render: (_: unknown, r: FileRow) => r.file.partition ?? '-',
                onCell: (r: FileRow) => ({ rowSpan: r.partitionSpan }),
              },
            ]
          : []),
        {
          title: 'File',
          key: 'file',
          render: (_, { file, label }) => (
            <Space size={4} wrap>
              <span title={file.name}>{label}</span>
              {file.name.endsWith('.pgp') && (
                <Tag color="purple" title="Decrypt with gpg --decrypt">
                  OpenPGP
                </Tag>
              )}
            </Space>
          ),
        },
        {
          title: 'Records',
          key: 'records',
          className: 'records',
          align: 'right',
          render: (_, r) => formatNumber(r.file.records),
        },
        { title: 'Size', key: 'size', align: 'right', render: (_, r) => humanSize(r.file.size) },
        {
          title: 'SHA-256',
          key: 'sha256',
          render: (_, { file }) =>
            file.sha256 ? (
              <Typography.Text code copyable={{ text: file.sha256 }}>
                {file.sha256.slice(0, 12)}…
              </Typography.Text>
            ) : (
              '-'
            ),
        },
        {
          title: 'Download',
          key: 'download',
          render: (_, { file }) => (
            // Presigned URL on another host: plain link, never with the token.
            <a
              href={file.url}
              download={file.name}
              target="_blank"
              rel="noopener noreferrer"
              data-kind={file.kind}
              data-type={file.data_type}
              data-split={file.split ?? undefined}
              aria-label={`Download ${file.name}`}
            >
              Download
            </a>
          ),
        },
      ]}
    />
  );
}

/** Presigned URLs expire, so the listing is fetched only when the user asks for it. */
export function DownloadList({ exportId }: { exportId: string }) {
  const [listing, setListing] = useState<DownloadListing | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setLoading(true);
    setError(null);
    try {
      setListing(await api.download(exportId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const groups = listing ? groupFiles(listing.files ?? []) : null;
  const card = listing && groups ? cardUrl(listing, groups) : null;
  const schema = listing && groups ? schemaUrl(listing, groups) : null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={load} loading={loading}>
        Get download links
      </Button>
      {error && <Alert type="error" showIcon title={error} />}
      {listing && groups && (
        <>
          {listing.expires_at && (
            <Typography.Text type="secondary">
              Links expire at {formatDateTime(listing.expires_at, 'YYYY-MM-DD HH:mm:ss')}
            </Typography.Text>
          )}
          <Space wrap>
            {/* Presigned URLs: plain links, opened in a new tab. */}
            {card && (
              <Button href={card} target="_blank" rel="noopener noreferrer" icon={<FileTextOutlined />}>
                Data card
              </Button>
            )}
            {schema && (
              <Button href={schema} target="_blank" rel="noopener noreferrer">
                Schema
              </Button>
            )}
            {listing.manifest_url && (
              <Button href={listing.manifest_url} target="_blank" rel="noopener noreferrer">
                Manifest
              </Button>
            )}
          </Space>
          {groups.splits.length === 0 && <Typography.Text type="secondary">No files</Typography.Text>}
          {groups.splits.map((g) => (
            <section
              key={g.split ?? ''}
              aria-label={g.split === null ? 'Data files' : `Split ${g.split}`}
              data-testid="file-group"
              data-split={g.split ?? undefined}
            >
              <FileTable
                rows={g.rows}
                partitioned={g.partitioned}
                caption={g.split === null ? 'Data files' : `Split: ${g.split}`}
              />
            </section>
          ))}
          {groups.rejected.length > 0 && (
            <section aria-label="Rejected records">
              <FileTable rows={groups.rejected} partitioned={false} caption="Rejected records" />
            </section>
          )}
        </>
      )}
    </Space>
  );
}
