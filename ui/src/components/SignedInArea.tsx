import { App as AntApp } from 'antd';
import { Outlet } from 'react-router-dom';

/**
 * The pages behind the login, inside antd's App so that they can show messages and confirmations
 * (`App.useApp()`); loaded with them, so the login page does without that code.
 */
export function SignedInArea() {
  return (
    <AntApp>
      <Outlet />
    </AntApp>
  );
}
