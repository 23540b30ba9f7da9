import { theme, type ThemeConfig } from 'antd';

/** Dense, sober, readable: the look of a working tool for a government office. */
export const appTheme: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  token: {
    colorPrimary: '#1b4f8f',
    colorLink: '#1b4f8f',
    colorError: '#b3261e',
    colorWarning: '#b45309',
    colorSuccess: '#1e7d32',
    colorInfo: '#1b4f8f',
    colorTextBase: '#1c2430',
    colorBgLayout: '#eef1f5',
    borderRadius: 3,
    fontSize: 13,
    fontFamily: "'Be Vietnam Pro', 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
    // Muted texts must still reach 4.5:1 on white.
    colorTextDescription: '#555f6d',
    colorTextTertiary: '#59626f',
    colorTextPlaceholder: '#6b7280',
  },
  components: {
    Layout: { headerBg: '#8f1d21', headerHeight: 48, headerPadding: '0 16px', siderBg: '#ffffff', bodyBg: '#eef1f5' },
    Menu: { itemHeight: 34, itemMarginBlock: 2, itemBorderRadius: 3, itemSelectedBg: '#e6eef8', itemSelectedColor: '#123a6b' },
    Table: { headerBg: '#f2f4f7', headerColor: '#1c2430', rowHoverBg: '#f3f7fc', cellPaddingBlockSM: 5, cellPaddingInlineSM: 8 },
    Card: { headerFontSize: 14 },
    Descriptions: { labelBg: '#f5f7fa' },
  },
};
