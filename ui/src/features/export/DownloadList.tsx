import { useState } from 'react';
import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { api, errorMessage } from '../../api/client';
import type { DownloadListing } from '../../api/types';
import { formatDateTime, formatNumber, humanSize } from '../../components/format';

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

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={load} loading={loading}>
        Get download links
      </Button>
      {error && <Alert type="error" showIcon title={error} />}
      {listing && (
        <>
          {listing.expires_at && (
            <Typography.Text type="secondary">
              Links expire at {formatDateTime(listing.expires_at, 'YYYY-MM-DD HH:mm:ss')}
            </Typography.Text>
          )}
          <List
            bordered
            dataSource={listing.files}
            locale={{ emptyText: 'No files' }}
            renderItem={(file) => (
              <List.Item
                actions={[
                  // Presigned URL on another host: plain link, never with the token.
                  <a
                    key="download"
                    href={file.url}
                    download={file.name}
                    target="_blank"
                    rel="noopener noreferrer"
                    data-kind={file.kind}
                    data-type={file.data_type}
                    aria-label={`Download ${file.name}`}
                  >
                    Download
                  </a>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>{file.name}</span>
                      <Tag color="blue">{file.data_type}</Tag>
                      {file.kind === 'rejected' && <Tag color="orange">rejected</Tag>}
                      {file.name.endsWith('.pgp') && (
                        <Tag color="purple" title="Decrypt with gpg --decrypt">
                          OpenPGP
                        </Tag>
                      )}
                    </Space>
                  }
                  description={
                    <span>
                      {formatNumber(file.records)} records, {humanSize(file.size)}
                      {file.sha256 && (
                        <>
                          {' · sha256 '}
                          <Typography.Text code copyable={{ text: file.sha256 }}>
                            {file.sha256.slice(0, 12)}…
                          </Typography.Text>
                        </>
                      )}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
          {listing.manifest_url && (
            <a href={listing.manifest_url} target="_blank" rel="noopener noreferrer">
              Manifest
            </a>
          )}
        </>
      )}
    </Space>
  );
}
