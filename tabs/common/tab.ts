import { app, authentication } from '@microsoft/teams-js';
import { byId, h, show } from './dom.js';
import { applyTheme, toTheme } from './theme.js';

/**
 * What every tab does first: connect to Teams (or notice it is not in
 * Teams), follow the Teams theme, and know how to get a token for the API.
 *
 * In Teams the token comes from Teams SSO (`authentication.getAuthToken`).
 * Outside Teams the page says how to open it in Teams, except in local mode,
 * where the service offers the development sign-in: the page then works with
 * a visible warning, and honours `?theme=` and `?subPageId=` to stand in for
 * the Teams context, and `?as=EMAIL` to sign in without the form.
 */
export interface TabSession {
  readonly host: 'teams' | 'development';
  /** The deep link's sub-page (Teams `subEntityId`), e.g. a document id. */
  readonly subPageId: string | undefined;
  /** JSON from the service's API, with the signed-in user's token when the tab signs in. */
  api<T>(path: string, init?: ApiInit): Promise<T>;
}

export interface ApiInit {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  /** Sends `body` (a string) as it is with this type, e.g. a CSV file; otherwise the body is JSON. */
  contentType?: string;
}

export interface TabOptions {
  /** The tab's name as Teams shows it, for the "open it in Teams" message. */
  readonly title: string;
  readonly signIn: boolean;
  /** Development sign-in offers the HR publisher role (checked by default; `?hr=0` turns it off). */
  readonly devHrRole?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Every problem the service listed (for example each validation error). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** teams-js waits for a host that is not there; give up after this long. */
export const TEAMS_TIMEOUT_MS = 4000;
const DEV_TOKEN_KEY = 'lma-dev-token';

export async function startTab(options: TabOptions): Promise<TabSession | undefined> {
  const status = byId('status');
  show(status, 'Loading…');
  const context = await connectToTeams(TEAMS_TIMEOUT_MS);
  if (context) {
    applyTheme(toTheme(context.app.theme));
    app.registerOnThemeChangeHandler((theme) => applyTheme(toTheme(theme)));
    show(status);
    return {
      host: 'teams',
      subPageId: context.page.subPageId || undefined,
      api: apiClient(options.signIn ? () => authentication.getAuthToken() : undefined),
    };
  }

  const params = new URLSearchParams(location.search);
  if (!(await developmentSignInOffered())) {
    applyTheme(toTheme(params.get('theme')));
    show(status);
    show(byId('app'), outsideTeamsMessage(options.title));
    return undefined;
  }
  applyTheme(toTheme(params.get('theme')));
  show(status);
  // One line, even on a phone: who is signed in (cut short with an ellipsis if need be; the title
  // has it all). Screen readers get the whole warning in words instead.
  const warning = 'This page is open outside Teams and uses the development sign-in. Never use this in production.';
  const who = h('span', {}, 'outside Teams');
  const said = h('span', { class: 'visually-hidden' }, `Development mode. ${warning}`);
  const text = h('span', { class: 'dev-banner-text' }, h('span', { 'aria-hidden': 'true' }, h('strong', {}, 'Development:'), ' ', who), said);
  const banner = h('div', { class: 'dev-banner', role: 'note' }, text);
  document.body.prepend(banner);
  let token: string | undefined;
  if (options.signIn) {
    token = await developmentToken(params.get('as'), options.devHrRole ? params.get('hr') !== '0' : undefined);
    const claims = claimsIn(token);
    const email = claims?.preferred_username ?? 'a development user';
    who.textContent = `${email}${claims?.lma_hr ? ', HR publisher' : ''}`;
    said.textContent = `Development mode. Signed in as ${email}${claims?.lma_hr ? ' with the HR publisher role' : ''}. ${warning}`;
    banner.append(signOutButton());
  }
  text.title = `Development mode (never in production): ${who.textContent}`;
  return {
    host: 'development',
    subPageId: params.get('subPageId') || undefined,
    api: apiClient(token ? async () => token : undefined),
  };
}

async function connectToTeams(timeoutMs: number): Promise<app.Context | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, timeoutMs, undefined)));
  try {
    // Outside Teams, initialize either rejects (no parent window) or never settles.
    const connected = await Promise.race([app.initialize().then(() => app.getContext()), timeout]);
    if (connected) void app.notifySuccess().catch(() => undefined);
    return connected;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The development sign-in exists only in local mode; an empty request is refused as invalid (400), not missing (404). */
async function developmentSignInOffered(): Promise<boolean> {
  try {
    const res = await fetch('/api/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return res.status === 400;
  } catch {
    return false;
  }
}

export function outsideTeamsMessage(title: string): HTMLElement {
  return h(
    'section',
    { class: 'outside-teams', 'aria-labelledby': 'outside-heading' },
    h('h2', { id: 'outside-heading' }, 'Open this page in Microsoft Teams'),
    h('p', {}, `The ${title} page is part of the Line Manager Assistant app in Microsoft Teams, and it only works there.`),
    h(
      'ol',
      {},
      h('li', {}, 'Open Microsoft Teams.'),
      h('li', {}, 'Select Apps, then search for Line Manager Assistant.'),
      h('li', {}, `Open the app and choose the ${title} tab.`),
    ),
    h('p', {}, 'If you cannot find the app, ask your IT service desk to add it for you.'),
  );
}

async function developmentToken(asEmail: string | null, hrRole: boolean | undefined): Promise<string> {
  const stored = sessionStorage.getItem(DEV_TOKEN_KEY);
  if (stored && (!asEmail || claimsIn(stored)?.preferred_username === asEmail.toLowerCase())) return stored;
  const { email, hr } = asEmail ? { email: asEmail, hr: hrRole ?? false } : await askForEmail(hrRole);
  const res = await fetch('/api/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, hr }) });
  const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
  if (!res.ok || !body.token) throw new ApiError(res.status, body.error ?? 'The development sign-in failed.');
  sessionStorage.setItem(DEV_TOKEN_KEY, body.token);
  return body.token;
}

function askForEmail(hrRole: boolean | undefined): Promise<{ email: string; hr: boolean }> {
  return new Promise((resolve) => {
    const input = h('input', { id: 'dev-email', type: 'email', name: 'email', autocomplete: 'email', required: true });
    const hr = h('input', { id: 'dev-hr', type: 'checkbox', name: 'hr', checked: hrRole === true });
    const form = h(
      'form',
      { class: 'dev-sign-in', 'aria-labelledby': 'dev-heading' },
      h('h2', { id: 'dev-heading' }, 'Development sign-in'),
      h('p', {}, 'Outside Teams, sign in as any email address from the staff roster to see what that person would see.'),
      h('label', { for: 'dev-email' }, 'Email address'),
      input,
      hrRole === undefined ? null : h('div', { class: 'checkbox' }, hr, h('label', { for: 'dev-hr' }, 'Sign in with the HR publisher role')),
      h('button', { type: 'submit' }, 'Sign in'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!input.value.trim()) return;
      form.remove();
      resolve({ email: input.value.trim(), hr: hr.checked });
    });
    byId('app').prepend(form);
    input.focus();
  });
}

function signOutButton(): HTMLButtonElement {
  // The visible words start the accessible name, so voice control users can say what they see.
  const button = h('button', { type: 'button', class: 'link-button', 'aria-label': 'Switch user: sign in as someone else' }, 'Switch user');
  button.addEventListener('click', () => {
    sessionStorage.removeItem(DEV_TOKEN_KEY);
    const url = new URL(location.href);
    url.searchParams.delete('as');
    location.href = url.toString();
  });
  return button;
}

/** Reads a development token's email and role for the banner; the server is what checks them. */
function claimsIn(token: string): { preferred_username?: string; lma_hr?: boolean } | undefined {
  try {
    return JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { preferred_username?: string; lma_hr?: boolean };
  } catch {
    return undefined;
  }
}

function apiClient(getToken: (() => Promise<string>) | undefined): TabSession['api'] {
  return async <T>(path: string, init: ApiInit = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (getToken) {
      // Status 0: no request was made. In Teams this is an SSO set-up or consent problem, not an expired sign-in.
      const token = await getToken().catch(() => {
        throw new ApiError(0, 'Teams could not sign you in to this tab. Close and reopen it; if that does not help, ask your IT service desk to check the app’s single sign-on set-up.');
      });
      headers.authorization = `Bearer ${token}`;
    }
    if (init.body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    const payload = init.body === undefined ? undefined : init.contentType ? String(init.body) : JSON.stringify(init.body);
    const res = await fetch(path, { method: init.method ?? 'GET', headers, body: payload });
    const body = (await res.json().catch(() => undefined)) as { error?: string; details?: unknown } | undefined;
    if (!res.ok) {
      const details = Array.isArray(body?.details) ? body.details.map(String) : [];
      throw new ApiError(res.status, body?.error ?? `The service answered ${res.status}.`, details);
    }
    return body as T;
  };
}

/** Shows an error in the page's live region, in words a manager can act on. */
export function showError(err: unknown): void {
  const message =
    err instanceof ApiError
      ? err.status === 401
        ? 'You are not signed in, or your sign-in has expired. Close and reopen the tab to try again.'
        : err.message
      : 'Something went wrong loading this page. Check your connection and try again.';
  show(byId('status'), h('p', { class: 'error', role: 'alert' }, message));
}
