import { useState, type FormEvent } from 'react';
import { Alert, Button, theme } from 'antd';
// Password alone: `Input.Password` would load Input's search, text area and one-time-code fields too.
import Password from 'antd/es/input/Password';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, api, errorMessage } from '../../api/client';
import { setToken } from '../../api/auth';
import { PageTitle } from '../../components/PageTitle';

const TOKEN_REQUIRED = 'Please enter your API token';

/**
 * The first page anyone loads, so it is built from few antd parts (its script must stay under 500 KB,
 * see scripts/check-first-page-size.mjs): a native form with one password field instead of antd's
 * Form, a card drawn from the theme's tokens instead of Card (which brings Tabs and Skeleton along).
 */
export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const { token: design } = theme.useToken();
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const change = (next: string) => {
    setValue(next);
    if (missing) setMissing(next.trim() === '');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = value.trim();
    setMissing(trimmed === '');
    if (trimmed === '') return;
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
    <div
      style={{
        maxWidth: 420,
        margin: '48px auto',
        padding: design.paddingLG,
        background: design.colorBgContainer,
        border: `${design.lineWidth}px solid ${design.colorBorderSecondary}`,
        borderRadius: design.borderRadiusLG,
      }}
    >
      <PageTitle>Data Export Service</PageTitle>
      <p style={{ color: design.colorTextSecondary, marginBottom: design.marginLG }}>
        Enter the API token you were given.
      </p>
      <form onSubmit={submit} noValidate>
        <div style={{ marginBottom: design.marginLG }}>
          <label htmlFor="token" style={{ display: 'block', paddingBottom: design.paddingXS, color: design.colorText }}>
            API token
          </label>
          <Password
            id="token"
            value={value}
            onChange={(e) => change(e.target.value)}
            status={missing ? 'error' : undefined}
            aria-invalid={missing}
            aria-describedby={missing ? 'token-missing' : undefined}
            autoComplete="current-password"
            autoFocus
          />
          {missing && (
            <div id="token-missing" style={{ color: design.colorError }}>
              {TOKEN_REQUIRED}
            </div>
          )}
        </div>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: design.marginLG }} />}
        <Button type="primary" htmlType="submit" loading={loading} block>
          Log in
        </Button>
      </form>
    </div>
  );
}
