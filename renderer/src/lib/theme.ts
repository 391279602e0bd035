import type { GlobalThemeOverrides } from 'naive-ui';

const font =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const monoFont = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/** One accent for both themes, a touch lighter in the dark. */
export const lightOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily: font,
    fontFamilyMono: monoFont,
    primaryColor: '#2f6fed',
    primaryColorHover: '#4a84f5',
    primaryColorPressed: '#2559c6',
    primaryColorSuppl: '#4a84f5',
    borderRadius: '6px',
    bodyColor: '#f6f7f9',
  },
};

export const darkOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily: font,
    fontFamilyMono: monoFont,
    primaryColor: '#4d7ef0',
    primaryColorHover: '#6690f5',
    primaryColorPressed: '#3d6ad6',
    primaryColorSuppl: '#6690f5',
    borderRadius: '6px',
    bodyColor: '#141518',
  },
  // naive-ui's dark theme puts black text on primary buttons; white reads better on this blue.
  Button: {
    textColorPrimary: '#fff',
    textColorHoverPrimary: '#fff',
    textColorPressedPrimary: '#fff',
    textColorFocusPrimary: '#fff',
    textColorDisabledPrimary: '#fff',
  },
};
