import { formatDateTime, h } from '../../common/dom.js';
import type { ViewContext } from '../view.js';

/** The append-only record of admin actions: who did what, when, to which version. */
export async function auditView(ctx: ViewContext): Promise<HTMLElement> {
  const entries = await ctx.api.audit(100);
  return h(
    'section',
    { 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title', tabindex: '-1' }, 'Audit log'),
    h('p', {}, 'Every publish, retire, restore and roster upload, newest first. Entries cannot be changed or removed.'),
    entries.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'stack' },
            h('caption', { class: 'visually-hidden' }, 'The latest 100 admin actions'),
            h('thead', {}, h('tr', {}, ['When', 'Who', 'What', 'Target', 'Version'].map((c) => h('th', { scope: 'col' }, c)))),
            h(
              'tbody',
              {},
              entries.map((e) =>
                h(
                  'tr',
                  {},
                  h('td', { 'data-label': 'When' }, formatDateTime(e.at)),
                  h('td', { 'data-label': 'Who' }, e.actor),
                  h('td', { 'data-label': 'What' }, e.action),
                  h('td', { 'data-label': 'Target' }, e.target),
                  h('td', { 'data-label': 'Version', class: 'number' }, e.version ?? ''),
                ),
              ),
            ),
          ),
        )
      : h('p', {}, 'No admin actions yet.'),
  );
}
