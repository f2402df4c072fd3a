import { h } from './dom.js';
import { teamsToken, type Host } from './teams.js';

export interface Session {
  token(): Promise<string>;
  /** Signed in with the local-mode development sign-in, not Teams. */
  readonly dev: boolean;
  readonly email?: string;
}

const DEV_KEY = 'lma-dev-sign-in';

interface DevSignIn {
  token: string;
  email: string;
  hr: boolean;
}

/** After the service refused the development token (it restarted, so its signing key changed). */
export function forgetDevSignIn(): void {
  sessionStorage.removeItem(DEV_KEY);
}

function storedDevSignIn(): DevSignIn | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(DEV_KEY) ?? 'null') as DevSignIn | null;
    return value && typeof value.token === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

async function requestDevToken(email: string, hr: boolean): Promise<{ status: number; token?: string }> {
  const res = await fetch('/api/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, hr }) });
  if (!res.ok) return { status: res.status };
  const body = (await res.json()) as { token?: string };
  return { status: res.status, ...(body.token ? { token: body.token } : {}) };
}

/** The service offers development sign-in only in local mode; elsewhere the route is absent. */
async function devSignInOffered(): Promise<boolean> {
  const res = await fetch('/api/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  return res.status !== 404 && res.status !== 405;
}

function devBanner(signIn: DevSignIn): HTMLElement {
  return h(
    'div',
    { class: 'dev-banner', role: 'note' },
    h('strong', {}, 'Development sign-in. '),
    `This is not a real Teams sign-in and works only in local mode. Signed in as ${signIn.email}${signIn.hr ? ' with the HR publisher role' : ''}. `,
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: () => {
          forgetDevSignIn();
          location.reload();
        },
      },
      'Sign out',
    ),
  );
}

/**
 * Inside Teams: the Teams single sign-on token. Outside Teams: a message to open the tab in
 * Teams, plus (local mode only) a development sign-in form; the page then shows a warning banner.
 * Resolves when someone is signed in; `root` shows the form meanwhile, `banner` the warning.
 */
export async function signIn(host: Host, root: HTMLElement, banner: HTMLElement, options: { tabName: string; defaultHr: boolean }): Promise<Session> {
  if (host.inTeams) return { token: teamsToken, dev: false };

  const stored = storedDevSignIn();
  if (stored) {
    banner.replaceChildren(devBanner(stored));
    return { token: async () => stored.token, dev: true, email: stored.email };
  }

  const outside = h('p', { class: 'notice' }, `Open the ${options.tabName} in Microsoft Teams to use it. It signs you in with your Teams account.`);
  if (!(await devSignInOffered().catch(() => false))) {
    root.replaceChildren(h('section', { 'aria-labelledby': 'outside-title' }, h('h2', { id: 'outside-title' }, 'Open this in Teams'), outside));
    return new Promise<Session>(() => {});
  }

  return new Promise<Session>((resolve) => {
    const email = h('input', { id: 'dev-email', type: 'email', name: 'email', required: true, autocomplete: 'email', value: 'hr.publisher@example.nhs.uk' });
    const hr = h('input', { id: 'dev-hr', type: 'checkbox', name: 'hr', checked: options.defaultHr });
    const error = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { class: 'dev-sign-in', 'aria-labelledby': 'dev-title' },
      h('h2', { id: 'dev-title' }, 'Development sign-in'),
      outside,
      h('p', { class: 'dev-banner' }, h('strong', {}, 'Local mode only. '), 'This sign-in is for trying the service on your own computer. It is switched off when the service runs with Teams.'),
      h('div', { class: 'field' }, h('label', { for: 'dev-email' }, 'Email address'), email),
      h('div', { class: 'field checkbox' }, hr, h('label', { for: 'dev-hr' }, 'Sign in with the HR publisher role')),
      h('button', { type: 'submit' }, 'Sign in for development'),
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      void requestDevToken(email.value.trim().toLowerCase(), hr.checked).then(({ status, token }) => {
        if (!token) {
          error.textContent = `Sign-in failed (the service answered ${status}).`;
          return;
        }
        const signedIn = { token, email: email.value.trim().toLowerCase(), hr: hr.checked };
        sessionStorage.setItem(DEV_KEY, JSON.stringify(signedIn));
        banner.replaceChildren(devBanner(signedIn));
        resolve({ token: async () => token, dev: true, email: signedIn.email });
      });
    });
    root.replaceChildren(form);
    email.focus();
  });
}
