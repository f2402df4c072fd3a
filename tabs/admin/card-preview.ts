import * as AdaptiveCards from 'adaptivecards';
import { Marked } from 'marked';
import { h } from '../common/dom.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Cards show Markdown like Teams does: raw HTML in content is shown as text, links only to web pages.
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    link: ({ href, text }) => (/^https?:\/\//.test(href) ? `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text)}</a>` : escapeHtml(text)),
    image: ({ text }) => escapeHtml(text),
  },
});

AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = marked.parse(text, { async: false });
  result.didProcess = true;
};

function hostConfig(): AdaptiveCards.HostConfig {
  // Colours from the page's theme variables, so the preview looks as it will in Teams.
  const style = getComputedStyle(document.documentElement);
  const colour = (name: string) => style.getPropertyValue(name).trim() || undefined;
  const fg = colour('--fg') ?? '#1b1b1b';
  const muted = colour('--muted') ?? '#4c4c4c';
  const accent = colour('--accent') ?? '#005eb8';
  const foreground = { default: { default: fg, subtle: muted }, accent: { default: accent, subtle: accent } };
  return new AdaptiveCards.HostConfig({
    fontFamily: "'Segoe UI', system-ui, sans-serif",
    supportsInteractivity: true,
    containerStyles: {
      default: { backgroundColor: colour('--surface') ?? '#f5f5f5', foregroundColors: foreground },
      emphasis: { backgroundColor: colour('--bg') ?? '#ffffff', foregroundColors: foreground },
    },
    actions: { maxActions: 6, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
  });
}

/**
 * The answer card as Teams would draw it, with the Adaptive Cards renderer. Buttons do nothing
 * here; "Read in full" and source links still open in a new window so they can be checked.
 */
export function renderCardPreview(card: object): HTMLElement {
  const adaptiveCard = new AdaptiveCards.AdaptiveCard();
  adaptiveCard.hostConfig = hostConfig();
  adaptiveCard.onExecuteAction = (action) => {
    if (action instanceof AdaptiveCards.OpenUrlAction && action.url && /^https?:\/\//.test(action.url)) window.open(action.url, '_blank', 'noopener');
  };
  try {
    adaptiveCard.parse(card);
    const rendered = adaptiveCard.render();
    if (!rendered) throw new Error('the card has nothing to show');
    return h('div', { class: 'card-preview' }, rendered);
  } catch (err) {
    return h('p', { class: 'error' }, `The preview could not be drawn: ${err instanceof Error ? err.message : String(err)}`);
  }
}
