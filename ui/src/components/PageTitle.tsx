import type { CSSProperties, ReactNode } from 'react';
import { theme } from 'antd';

/**
 * The page's one level-one heading, sized like antd's level-two title. A plain h1 drawn from the
 * theme's tokens rather than Typography.Title, whose tooltip and editing code the login page would
 * otherwise load.
 */
export function PageTitle({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  const { token } = theme.useToken();
  return (
    <h1
      style={{
        margin: `0 0 ${token.marginSM}px`,
        color: token.colorTextHeading,
        fontSize: token.fontSizeHeading2,
        fontWeight: token.fontWeightStrong,
        lineHeight: token.lineHeightHeading2,
        ...style,
      }}
    >
      {children}
    </h1>
  );
}
