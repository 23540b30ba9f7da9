import type { ThemeConfig } from 'antd';

/** Dense, sober, readable: the look of a working tool for a government office. */
export const appTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1b4f8f',
    colorLink: '#1b4f8f',
    // antd derives a light hover colour (#5680a8, 4.16:1 on white) that a link keeps under the
    // pointer after a click: both states set to reach 4.5:1 on white and on the page grey.
    colorLinkHover: '#2a5fa3',
    colorLinkActive: '#0f3469',
    colorError: '#b3261e',
    colorWarning: '#b45309',
    colorSuccess: '#2e7d32',
    colorSuccessBg: '#edf8e8',
    colorSuccessBorder: '#bfe3ac',
    colorInfo: '#1b4f8f',
    colorTextBase: '#1c2430',
    colorBgLayout: '#eef1f5',
    borderRadius: 3,
    fontSize: 13,
    fontSizeSM: 12,
    controlHeight: 30,
    controlHeightSM: 26,
    fontFamily: "Inter, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
    // Muted texts must still reach 4.5:1 on white.
    colorTextDescription: '#555f6d',
    colorTextTertiary: '#59626f',
    colorTextPlaceholder: '#6b7280',
  },
  components: {
    Table: { headerBg: '#f2f4f7', headerColor: '#1c2430', rowHoverBg: '#f3f7fc', cellPaddingBlockSM: 5, cellPaddingInlineSM: 8 },
    Card: { headerFontSize: 14 },
    Descriptions: { labelBg: '#f5f7fa' },
  },
};
