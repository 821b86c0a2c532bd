import { useEffect } from 'react';
import { Button, Grid, Layout, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { clearToken, getToken, onUnauthorized } from '../api/auth';

const { Header, Content, Footer } = Layout;

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/history')) return '/history';
  if (pathname.startsWith('/manage')) return '/manage';
  if (pathname === '/') return '/';
  return '';
}

export function AppLayout() {
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const loggedIn = Boolean(getToken());

  // Any 401 from the API client ends the session and lands here.
  useEffect(() => {
    onUnauthorized(() => navigate('/login', { replace: true }));
    return () => onUnauthorized(null);
  }, [navigate]);

  const logout = () => {
    clearToken();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: screens.md ? 24 : 12,
        }}
      >
        <Link to="/" style={{ color: '#fff', fontWeight: 600, whiteSpace: 'nowrap' }}>
          {screens.sm ? 'Data Export' : 'Export'}
        </Link>
        {loggedIn && (
          <>
            <Menu
              theme="dark"
              mode="horizontal"
              selectedKeys={[selectedKey(location.pathname)]}
              style={{ flex: 1, minWidth: 0 }}
              items={[
                { key: '/', label: <Link to="/">New Export</Link> },
                { key: '/history', label: <Link to="/history">History</Link> },
                { key: '/manage', label: <Link to="/manage">Management</Link> },
              ]}
            />
            <Button onClick={logout}>Log out</Button>
          </>
        )}
      </Header>
      <Content style={{ padding: screens.md ? 24 : 12 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Outlet />
        </div>
      </Content>
      <Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">Data Export Service</Typography.Text>
      </Footer>
    </Layout>
  );
}
