import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../../api/client';
import { setToken } from '../../api/auth';

interface LoginValues {
  token: string;
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const submit = async ({ token }: LoginValues) => {
    const trimmed = token.trim();
    setError(null);
    setLoading(true);
    try {
      await api.list(1, 0, trimmed);
      setToken(trimmed);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setError('This token was not accepted.');
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card style={{ maxWidth: 420, margin: '48px auto' }}>
      <Typography.Title level={2}>Data Export Service</Typography.Title>
      <Typography.Paragraph type="secondary">Enter the API token you were given.</Typography.Paragraph>
      <Form<LoginValues> layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          label="API token"
          name="token"
          rules={[{ required: true, whitespace: true, message: 'Please enter your API token' }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        {error && (
          <Form.Item>
            <Alert type="error" showIcon title={error} role="alert" />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={loading} block>
          Log in
        </Button>
      </Form>
    </Card>
  );
}
