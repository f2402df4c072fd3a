import { app, authentication } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';

export interface Host {
  /** True when Teams (or another Microsoft 365 host) answered the handshake. */
  readonly inTeams: boolean;
  readonly theme: Theme;
}

// Outside Teams, app.initialize() rejects ("No Parent window found") or, in some hosts, never settles.
const HANDSHAKE_TIMEOUT_MS = 4000;

function asTheme(value: string | undefined): Theme {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

const THEME_EVENT = 'lma-theme-change';

/** Applies the Teams theme to the page: CSS picks colours from `data-theme` on <html>. */
export function applyTheme(theme: Theme): void {
  const changed = document.documentElement.dataset.theme !== undefined && document.documentElement.dataset.theme !== theme;
  document.documentElement.dataset.theme = theme;
  if (changed) document.dispatchEvent(new Event(THEME_EVENT));
}

/** For things drawn with theme colours in script (charts) that must be redrawn. */
export function onThemeChange(listener: () => void): void {
  document.addEventListener(THEME_EVENT, listener);
}

/** Talks to Teams if the page is inside it, and follows its theme (also when the person changes it). */
export async function connectToHost(timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<Host> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Teams did not answer')), timeoutMs);
  });
  try {
    await Promise.race([app.initialize(), timeout]);
    const context = await Promise.race([app.getContext(), timeout]);
    const theme = asTheme(context.app.theme);
    applyTheme(theme);
    app.registerOnThemeChangeHandler((t) => applyTheme(asTheme(t)));
    return { inTeams: true, theme };
  } catch {
    // Outside Teams: follow the browser's own preference.
    const theme: Theme = window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
    applyTheme(theme);
    return { inTeams: false, theme };
  } finally {
    clearTimeout(timer);
  }
}

/** The Teams single sign-on token for this app (Teams caches and refreshes it). */
export function teamsToken(): Promise<string> {
  return authentication.getAuthToken();
}
