import type { Plan } from '../content/types.js';
import { escapeMarkdown, formatDate } from './card-text.js';
import { renderCard, type Card } from './render-card.js';

export interface NewStarterFormValues {
  readonly name: string;
  readonly startDate: string;
  readonly jobTitle: string;
  readonly email: string;
}

const EMPTY: NewStarterFormValues = { name: '', startDate: '', jobTitle: '', email: '' };

/** The form; `formId` is new for each blank form and kept when the form comes back with problems. */
export function newStarterFormCard(o: { formId: string; minStartDate: string; plan: Plan | undefined; values?: NewStarterFormValues; problems?: readonly string[] }): Card {
  const steps = (o.plan?.steps ?? []).filter((s) => s.offsetDays !== undefined).map((s) => s.title.toLowerCase());
  return renderCard('new-starter', {
    mode: 'form',
    heading: 'Add a new starter',
    notice: escapeMarkdown(
      steps.length
        ? `I'll add them to your team and remind you about each onboarding check-in: ${steps.join(', ')}.`
        : "I'll add them to your team.",
    ),
    problemsText: (o.problems ?? []).map((p) => `- ${escapeMarkdown(p)}`).join('\n'),
    checkIns: [],
    formId: o.formId,
    minStartDate: o.minStartDate,
    ...(o.values ?? EMPTY),
  });
}

/** The form replaced by what was done: who was added and every check-in still ahead. */
export function newStarterAddedCard(o: {
  name: string;
  jobTitle: string | undefined;
  startDate: string;
  checkIns: readonly { stepId: string; dueDate: string }[];
  /** Check-ins already past when they were added: named, so the count adds up to what the form promised. */
  missed?: readonly { stepId: string; dueDate: string }[];
  plan: Plan | undefined;
}): Card {
  const who = `${o.name}${o.jobTitle ? ` (${o.jobTitle})` : ''}`;
  const titleOf = (stepId: string) => o.plan?.steps.find((s) => s.id === stepId)?.title ?? 'Onboarding check-in';
  const missed = o.missed ?? [];
  const past = missed.length
    ? ` ${listOf(missed.map((m) => `${titleOf(m.stepId).toLowerCase()} (${formatDate(m.dueDate)})`))} ${missed.length === 1 ? 'has' : 'have'} already passed, so I won't remind you about ${missed.length === 1 ? 'it' : 'them'}.`
    : '';
  const ahead = o.checkIns.length
    ? `${past} I'll remind you about ${o.checkIns.length === 1 ? 'this onboarding check-in' : `these ${o.checkIns.length} onboarding check-ins`}, each with its guide:`
    : past;
  return renderCard('new-starter', {
    mode: 'added',
    heading: 'New starter added',
    notice: escapeMarkdown(`${who} is now in your team, starting ${formatDate(o.startDate)}.${ahead} A wellbeing conversation reminder follows too.`),
    problemsText: '',
    checkIns: o.checkIns.map((c) => ({
      due: formatDate(c.dueDate),
      what: escapeMarkdown(titleOf(c.stepId)),
    })),
  });
}

/** No form: the manager cannot be matched to the roster yet. */
export function newStarterNoticeCard(notice: string): Card {
  return renderCard('new-starter', { mode: 'none', heading: 'Add a new starter', notice: escapeMarkdown(notice), problemsText: '', checkIns: [] });
}

/** "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  const first = items[0] ?? '';
  const capital = first.charAt(0).toUpperCase() + first.slice(1);
  const all = [capital, ...items.slice(1)];
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}` : capital;
}
