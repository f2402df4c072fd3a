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
  plan: Plan | undefined;
}): Card {
  const who = `${o.name}${o.jobTitle ? ` (${o.jobTitle})` : ''}`;
  const ahead = o.checkIns.length
    ? ` I'll remind you about ${o.checkIns.length === 1 ? 'this onboarding check-in' : `these ${o.checkIns.length} onboarding check-ins`}, each with its guide:`
    : '';
  return renderCard('new-starter', {
    mode: 'added',
    heading: 'New starter added',
    notice: escapeMarkdown(`${who} is now in your team, starting ${formatDate(o.startDate)}.${ahead} A wellbeing conversation reminder follows too.`),
    problemsText: '',
    checkIns: o.checkIns.map((c) => ({
      due: formatDate(c.dueDate),
      what: escapeMarkdown(o.plan?.steps.find((s) => s.id === c.stepId)?.title ?? 'Onboarding check-in'),
    })),
  });
}

/** No form: the manager cannot be matched to the roster yet. */
export function newStarterNoticeCard(notice: string): Card {
  return renderCard('new-starter', { mode: 'none', heading: 'Add a new starter', notice: escapeMarkdown(notice), problemsText: '', checkIns: [] });
}
