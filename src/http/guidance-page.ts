import { Marked } from 'marked';
import { formatDate } from '../cards/card-text.js';
import type { ContentDocument } from '../content/types.js';

/**
 * The "Read in full" page for one document: server-rendered, no scripts.
 * Raw HTML in content is shown as text; links open outside the page.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link: ({ href, text }) => (/^https?:\/\//.test(href) ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text)}</a>` : escapeHtml(text)),
    heading: ({ text, depth }) => `<h${depth + 1}>${escapeHtml(text)}</h${depth + 1}>`,
  },
});

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The document's sections as HTML: raw HTML in the content is escaped, only http(s) links survive. */
export function renderDocumentHtml(doc: ContentDocument): string {
  return doc.sections
    .map((s) => {
      const heading = s.heading === 'Overview' ? '' : `<h2>${escapeHtml(s.heading)}</h2>`;
      return `<section id="${escapeHtml(s.anchor)}">${heading}${marked.parse(s.text, { async: false })}</section>`;
    })
    .join('\n');
}

export function renderGuidancePage(doc: ContentDocument, related: readonly ContentDocument[]): string {
  const sections = renderDocumentHtml(doc);
  const relatedLinks = related.map((d) => `<li><a href="./${encodeURIComponent(d.id)}">${escapeHtml(d.title)}</a></li>`).join('');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)} – Line Manager Assistant</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff}
a{color:#005eb8}a:focus{outline:3px solid #ffb81c}
.meta{color:#4c4c4c;font-size:.95rem}
@media (prefers-color-scheme:dark){body{color:#f0f0f0;background:#1f1f1f}a{color:#8cc8ff}.meta{color:#c8c8c8}}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
<p class="meta">Source: <a href="${escapeHtml(doc.source.url)}" rel="noopener noreferrer" target="_blank">${escapeHtml(doc.source.title)}</a><br>
Last reviewed ${escapeHtml(formatDate(doc.lastReviewed))}; review due ${escapeHtml(formatDate(doc.reviewDue))}</p>
${sections}
${relatedLinks ? `<nav aria-label="Related topics"><h2>Related topics</h2><ul>${relatedLinks}</ul></nav>` : ''}
</main>
</body>
</html>`;
}
