import type { Page } from 'playwright-core';

/**
 * A stand-in for the Teams client around a tab. Playwright answers
 * https://teams.microsoft.com/ with a page that frames the tab and speaks the
 * teams-js postMessage protocol (initialize, getContext, getAuthToken), so
 * the tab's real teams-js runs as it does in Teams and trusts the origin.
 */
export interface HostContext {
  /** Teams theme: default, dark or contrast. */
  readonly theme?: 'default' | 'dark' | 'contrast';
  /** The deep link's sub-entity id. */
  readonly subEntityId?: string;
  readonly entityId?: string;
  /** What authentication.getAuthToken() returns; undefined makes it fail. */
  readonly token?: string;
}

export const TEAMS_HOST_URL = 'https://teams.microsoft.com/stand-in-host';

export async function openInTeamsHost(page: Page, tabUrl: string, host: HostContext): Promise<void> {
  const context = {
    theme: host.theme ?? 'default',
    subEntityId: host.subEntityId,
    entityId: host.entityId ?? 'guidance',
    locale: 'en-gb',
    hostClientType: 'web',
    frameContext: 'content',
    userObjectId: 'stand-in-user',
  };
  const html = `<!doctype html><html><head><title>Teams (stand-in)</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%;display:block}</style></head>
<body><iframe id="tab" title="Tab" src="${tabUrl}"></iframe>
<script>
const context = ${JSON.stringify(context)};
const token = ${JSON.stringify(host.token ?? null)};
window.calls = [];
const frame = document.getElementById('tab');
window.addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow) return;
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  window.calls.push(m.func);
  const reply = (args) => frame.contentWindow.postMessage({ id: m.id, uuidAsString: m.uuidAsString, args }, e.origin);
  if (m.func === 'initialize') reply(['content', 'web', '', '2.0.0']);
  else if (m.func === 'getContext') reply([context]);
  else if (m.func === 'authentication.getAuthToken') reply(token ? [true, token] : [false, 'resourceRequiresConsent']);
  else if (m.func === 'appInitialization.success') reply([]);
});
window.changeTheme = (theme) => frame.contentWindow.postMessage({ func: 'themeChange', args: [theme] }, new URL(frame.src).origin);
</script></body></html>`;
  await page.route(`${TEAMS_HOST_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  await page.goto(TEAMS_HOST_URL);
}
