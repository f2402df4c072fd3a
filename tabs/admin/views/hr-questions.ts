import { formatDateTime, h } from '../../common/dom.js';
import { ApiError } from '../../common/tab.js';
import type { DocumentSummary, HrChannelSetting, HrQuestion } from '../admin-api.js';
import type { ViewContext } from '../view.js';
import { DOC_ID, editorHash } from './documents.js';

/**
 * Questions to HR: the queue (open, assigned, answered, closed) with filters,
 * age and who holds each; Assign, Reply (and "add this question to the
 * guide", the teach loop) and Close, through the same guarded changes as the
 * buttons on the ticket cards in Teams. Also where the HR channel is chosen.
 */
const STATUSES = [
  { value: '', label: 'Not closed' },
  { value: 'open', label: 'Open' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'answered', label: 'Answered' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
];
const CLOSE_REASONS = [
  { value: 'answered-elsewhere', label: 'Answered another way (phone, email or in person)' },
  { value: 'duplicate', label: 'Asked again in another question' },
  { value: 'not-for-hr', label: 'Not a question for HR' },
];
const STATUS_TEXT: Record<HrQuestion['status'], string> = { open: 'Open', assigned: 'Assigned', answered: 'Answered', closed: 'Closed' };

/** What the last change said: kept across the redraw that follows it. */
let flash = '';

export async function hrQuestionsView(ctx: ViewContext): Promise<HTMLElement> {
  const status = ctx.query.get('status') ?? '';
  const holder = ctx.query.get('holder') ?? 'anyone';
  const [{ tickets, channel }, documents] = await Promise.all([
    ctx.api.hrQuestions({ status: status === 'all' || status === '' ? '' : status, holder: holder === 'me' ? 'me' : '' }),
    ctx.api.documents(),
  ]);
  const shown = status === '' ? tickets.filter((t) => t.status !== 'closed') : tickets;
  const message = h('p', { class: 'notice', role: 'status', tabindex: '-1' }, flash);
  flash = '';

  const statusSelect = h('select', { id: 'hrq-status' }, STATUSES.map((s) => h('option', { value: s.value, selected: s.value === status }, s.label)));
  const holderSelect = h(
    'select',
    { id: 'hrq-holder' },
    h('option', { value: 'anyone', selected: holder !== 'me' }, 'Anyone'),
    h('option', { value: 'me', selected: holder === 'me' }, 'Me'),
  );
  const filters = h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => (e.preventDefault(), ctx.go(`#/hr-questions?${new URLSearchParams({ status: statusSelect.value, holder: holderSelect.value })}`)) },
    h('div', { class: 'field' }, h('label', { for: 'hrq-status' }, 'Status'), statusSelect),
    h('div', { class: 'field' }, h('label', { for: 'hrq-holder' }, 'Held by'), holderSelect),
    h('button', { type: 'submit' }, 'Show'),
  );

  return h(
    'section',
    { 'aria-labelledby': 'hrq-title' },
    h('h2', { id: 'hrq-title', tabindex: '-1' }, 'Questions to HR'),
    h('p', {}, 'Questions managers sent to HR from the assistant, oldest first. The manager sees your reply in their Teams chat. Question texts are kept for a limited time after they close, then removed.'),
    channelPanel(ctx, channel),
    filters,
    message,
    shown.length
      ? h('ul', { class: 'hr-questions' }, shown.map((t) => h('li', {}, ticketPanel(ctx, t, documents, message))))
      : h('p', {}, 'No questions to show.'),
  );
}

function channelPanel(ctx: ViewContext, channel: HrChannelSetting): HTMLElement {
  const current = channel.teams.find((t) => t.teamId === channel.teamId);
  const said = current
    ? `Ticket cards go to the ${current.teamName} team's channel in Teams.`
    : channel.teamId
      ? 'The HR team is chosen, but the assistant has not been added to it yet: add it to the team in Teams. Until then questions wait here.'
      : 'No HR channel is set: questions wait here, and managers are given the HR contact details from the trust settings.';
  if (channel.configured || channel.teams.length === 0) return h('p', { class: 'hint' }, said);
  const select = h('select', { id: 'hrq-team' }, channel.teams.map((t) => h('option', { value: t.teamId, selected: t.teamId === channel.teamId }, t.teamName)));
  const error = h('p', { class: 'error', role: 'alert' });
  return h(
    'form',
    {
      class: 'filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        ctx.api.chooseHrTeam(select.value).then(ctx.refresh, (err: unknown) => (error.textContent = errorText(err)));
      },
    },
    h('p', {}, said),
    h('div', { class: 'field' }, h('label', { for: 'hrq-team' }, 'HR team'), select),
    h('button', { type: 'submit', class: 'secondary' }, 'Send ticket cards there'),
    error,
  );
}

function ticketPanel(ctx: ViewContext, t: HrQuestion, documents: readonly DocumentSummary[], message: HTMLElement): HTMLElement {
  const id = `hrq-${t.reference}`;
  const facts: [string, string][] = [
    ['Status', STATUS_TEXT[t.status] + (t.reopened ? ' (the manager still needed help)' : '')],
    ['Asked by', t.askedBy],
    ['Asked', `${formatDateTime(t.createdAt)} (${age(t.ageDays ?? 0)})`],
    ['Held by', t.heldBy ?? 'Nobody yet'],
  ];
  if (t.triedDocs.length) facts.push(['The assistant offered', t.triedDocs.map((d) => documents.find((x) => x.id === d)?.title ?? d).join('; ')]);
  const done = (text: string) => {
    flash = text;
    ctx.refresh();
  };
  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.status === 409) {
      flash = errorText(err);
      return ctx.refresh();
    }
    message.textContent = errorText(err);
    message.focus();
  };
  const actions: HTMLElement[] = [];
  if (t.status === 'open') {
    actions.push(h('button', { type: 'button', 'aria-describedby': id, onclick: () => ctx.api.assignHrQuestion(t.id, t.version).then(() => done(`${t.reference} is yours.`), failed) }, 'Assign to me'));
  }
  if (t.status === 'open' || t.status === 'assigned') actions.push(replyForm(ctx, t, documents, done, failed));
  if (t.status !== 'closed') actions.push(closeForm(ctx, t, done, failed));
  actions.push(draftForm(ctx, t, documents));
  return h(
    'article',
    { class: 'hr-question', 'aria-labelledby': id },
    h('h3', { id }, `${t.reference}: ${t.question}`),
    h('dl', {}, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    t.detail ? h('p', {}, h('strong', {}, 'Detail: '), t.detail) : null,
    t.followUp && t.status !== 'closed' ? h('p', {}, h('strong', {}, 'The manager still needs help: '), t.followUp) : null,
    t.reply ? h('p', {}, h('strong', {}, `Reply from ${t.repliedBy ?? 'HR'}: `), t.reply) : null,
    actions,
  );
}

function replyForm(ctx: ViewContext, t: HrQuestion, documents: readonly DocumentSummary[], done: (text: string) => void, failed: (err: unknown) => void): HTMLElement {
  const key = t.reference;
  const text = h('textarea', { id: `reply-${key}`, rows: 4, maxlength: 4000, required: true });
  const teach = h('input', { id: `teach-${key}`, type: 'checkbox' });
  const live = documents.filter((d) => d.status === 'live').sort((a, b) => a.title.localeCompare(b.title));
  const guide = h('select', { id: `guide-${key}`, disabled: true }, h('option', { value: '' }, 'Choose a guide'), live.map((d) => h('option', { value: d.id }, d.title)));
  const section = h('select', { id: `section-${key}`, disabled: true }, h('option', { value: '' }, 'The whole guide'));
  teach.addEventListener('change', () => (guide.disabled = !teach.checked));
  guide.addEventListener('change', () => {
    const sections = live.find((d) => d.id === guide.value)?.sections ?? [];
    section.replaceChildren(h('option', { value: '' }, 'The whole guide'), ...sections.map((s) => h('option', { value: s.anchor }, s.heading)));
    section.disabled = !guide.value;
  });
  const submit = h('button', { type: 'submit' }, 'Send reply');
  return h(
    'details',
    {},
    h('summary', {}, `Reply to ${t.reference}`),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          if (teach.checked && !guide.value) return failed(new Error('Choose the guide this question should be added to, or untick "add this question to the guide".'));
          submit.disabled = true;
          const addToGuide = teach.checked ? { docId: guide.value, ...(section.value ? { section: section.value } : {}) } : undefined;
          ctx.api
            .replyToHrQuestion(t.id, { version: t.version, reply: text.value, ...(addToGuide ? { addToGuide } : {}) })
            .then(
              (r) => done(`Reply sent to the manager for ${t.reference}.${r.guide ? (r.guide.added ? ` Added to ${r.guide.title}: live in a few seconds (version ${r.guide.version}).` : ` ${r.guide.title} already lists this question.`) : ''}`),
              failed,
            )
            .finally(() => (submit.disabled = false));
        },
      },
      h('div', { class: 'field' }, h('label', { for: `reply-${key}` }, 'Your answer (it goes to the manager\'s chat)'), text),
      h('div', { class: 'field checkbox' }, teach, h('label', { for: `teach-${key}` }, 'Add this question to the guide, so the assistant answers it from now on')),
      h('div', { class: 'field' }, h('label', { for: `guide-${key}` }, 'Guide'), guide),
      h('div', { class: 'field' }, h('label', { for: `section-${key}` }, 'Section (optional)'), section),
      submit,
    ),
  );
}

function closeForm(ctx: ViewContext, t: HrQuestion, done: (text: string) => void, failed: (err: unknown) => void): HTMLElement {
  const key = t.reference;
  const reason = h('select', { id: `close-${key}` }, CLOSE_REASONS.map((r) => h('option', { value: r.value }, r.label)));
  return h(
    'details',
    {},
    h('summary', {}, `Close ${t.reference}`),
    h(
      'form',
      { onsubmit: (e: Event) => (e.preventDefault(), ctx.api.closeHrQuestion(t.id, t.version, reason.value).then(() => done(`${t.reference} is closed.`), failed)) },
      h('div', { class: 'field' }, h('label', { for: `close-${key}` }, 'Why close it?'), reason),
      h('button', { type: 'submit', class: 'secondary' }, 'Close question'),
    ),
  );
}

/** "Start a new guide from this question": the editor opens a draft with the question as its first example question. */
function draftForm(ctx: ViewContext, t: HrQuestion, documents: readonly DocumentSummary[]): HTMLElement {
  const key = t.reference;
  const name = h('input', { id: `draft-${key}`, type: 'text', pattern: DOC_ID.source, required: true, 'aria-describedby': `draft-hint-${key}` });
  return h(
    'details',
    {},
    h('summary', {}, `Start a new guide from ${t.reference}`),
    h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault();
          const id = name.value.trim();
          const exists = documents.some((d) => d.id === id);
          ctx.go(editorHash(id, exists ? { question: t.question } : { new: '1', question: t.question }));
        },
      },
      h('div', { class: 'field' }, h('label', { for: `draft-${key}` }, 'New guide name'), name, h('span', { id: `draft-hint-${key}`, class: 'hint' }, 'Lower-case words joined by hyphens, for example "jury-service". Nothing is published until you publish the draft.')),
      h('button', { type: 'submit', class: 'secondary' }, 'Open the editor'),
    ),
  );
}

function age(days: number): string {
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong; try again.';
}
