import { formatDateTime, h } from '../../common/dom.js';
import type { ViewContext } from '../view.js';
import { editorHash } from './documents.js';

/** "Was this helpful?" answers per document, least helpful first, with the comments left. */
export async function feedbackView(ctx: ViewContext): Promise<HTMLElement> {
  const documents = (await ctx.api.feedback()).filter((d) => d.helpful + d.notHelpful + d.comments.length > 0);
  documents.sort((a, b) => b.notHelpful - a.notHelpful || b.comments.length - a.comments.length);
  const items = documents.map((d) =>
    h(
      'article',
      { class: 'feedback-doc', 'aria-labelledby': `fb-${d.id}` },
      h('h3', { id: `fb-${d.id}` }, d.title),
      h('p', {}, `${d.helpful} said helpful, ${d.notHelpful} said not helpful. `, h('a', { href: editorHash(d.id) }, 'Edit this document')),
      d.comments.length
        ? h(
            'ul',
            { class: 'comments' },
            d.comments.map((c) => h('li', {}, h('q', {}, c.text), h('span', { class: 'hint' }, ` ${formatDateTime(c.at)}`))),
          )
        : h('p', { class: 'muted' }, 'No comments.'),
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'feedback-title' },
    h('h2', { id: 'feedback-title', tabindex: '-1' }, 'Feedback on answers'),
    h('p', {}, 'What managers said about answers, least helpful first. Feedback is stored without names.'),
    items.length ? items : h('p', {}, 'No feedback yet.'),
  );
}
