import { Button, Menu } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { clearToken } from '../api/auth';

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/history')) return '/history';
  if (pathname.startsWith('/schedules')) return '/schedules';
  if (pathname.startsWith('/manage')) return '/manage';
  if (pathname === '/') return '/';
  return '';
}

/** The signed-in part of the header: the page menu and the log-out button. */
export function NavMenu() {
  const navigate = useNavigate();
  const location = useLocation();

  const logout = () => {
    clearToken();
    navigate('/login', { replace: true });
  };

  return (
    <>
      <Menu
        theme="dark"
        mode="horizontal"
        selectedKeys={[selectedKey(location.pathname)]}
        style={{ flex: 1, minWidth: 0 }}
        items={[
          { key: '/', label: <Link to="/">New Export</Link> },
          { key: '/history', label: <Link to="/history">History</Link> },
          { key: '/schedules', label: <Link to="/schedules">Schedules</Link> },
          { key: '/manage', label: <Link to="/manage">Management</Link> },
        ]}
      />
      <Button onClick={logout}>Log out</Button>
    </>
  );
}
