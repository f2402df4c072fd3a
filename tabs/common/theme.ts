/**
 * The Teams themes, as a data-theme attribute the stylesheet keys on.
 * Teams names them default, dark and contrast.
 */
export type Theme = 'default' | 'dark' | 'contrast';

export function toTheme(value: string | null | undefined): Theme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}
