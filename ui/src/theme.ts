import type { ThemeConfig } from 'antd';

/**
 * antd's default theme with every text colour readable: at least 4.5:1 against its background
 * (WCAG AA, which the browser test checks with axe-core). antd's defaults fall short for white on
 * the primary blue (4.1), grey secondary text (3.4), placeholders (1.8) and the success, warning
 * and preset green/orange/cyan tags (2.2 to 3.4). The replacements are the next darker shades of
 * antd's own palette; hover and active states get darker rather than lighter.
 */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9', // blue-7: 6.2:1 under white text
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    // Darker status colours; their light backgrounds and borders stay antd's (derived from the
    // darker seeds they would turn grey).
    colorSuccess: '#237804', // green-8
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00', // orange-8
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorError: '#cf1322', // red-7
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  },
  components: {
    // Text of the preset tag colours (`<Tag color="green">`) on their light backgrounds; the palettes
    // are derived from seeds, so the shades are set where tags read them.
    Tag: { green7: '#237804', orange7: '#ad4e00', cyan7: '#006d75' },
    // Unchecked switches put white text on the quaternary grey.
    Switch: { colorTextQuaternary: '#6b6b6b', colorTextTertiary: '#595959' },
    // "No data" in empty tables is drawn in the disabled grey.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
    Empty: { colorTextDisabled: 'rgba(0, 0, 0, 0.6)' },
  },
};
