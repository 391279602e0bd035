import type { GlobalThemeOverrides } from 'naive-ui';

const font =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';
const monoFont = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/** One accent for both themes, lighter in the dark so it keeps its contrast. */
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
    primaryColor: '#6b9bff',
    primaryColorHover: '#85adff',
    primaryColorPressed: '#5584e6',
    primaryColorSuppl: '#85adff',
    borderRadius: '6px',
    bodyColor: '#141518',
  },
};
