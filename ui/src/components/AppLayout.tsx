import { lazy, Suspense, useEffect } from 'react';
import { Grid, Layout, theme } from 'antd';
import { Link, Outlet, useNavigate } from 'react-router-dom';
import { getToken, onUnauthorized } from '../api/auth';

const { Header, Content, Footer } = Layout;

// Loaded once signed in: the login page does without the menu's code. No antd Spin while a page
// loads, for the same reason.
const NavMenu = lazy(() => import('./NavMenu').then((m) => ({ default: m.NavMenu })));

export function AppLayout() {
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const loggedIn = Boolean(getToken());

  // Any 401 from the API client ends the session and lands here.
  useEffect(() => {
    onUnauthorized(() => navigate('/login', { replace: true }));
    return () => onUnauthorized(null);
  }, [navigate]);

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
          <Suspense fallback={null}>
            <NavMenu />
          </Suspense>
        )}
      </Header>
      <Content style={{ padding: screens.md ? 24 : 12 }}>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Suspense
            fallback={
              <div role="status" style={{ textAlign: 'center', padding: 48, color: token.colorTextSecondary }}>
                Loading…
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </div>
      </Content>
      <Footer style={{ textAlign: 'center' }}>
        <span style={{ color: token.colorTextSecondary }}>Data Export Service</span>
      </Footer>
    </Layout>
  );
}
