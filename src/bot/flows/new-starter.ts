import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { newStarterAddedCard, newStarterFormCard, newStarterNoticeCard, type NewStarterFormValues } from '../../cards/new-starter-card.js';
import type { Card } from '../../cards/render-card.js';
import { checked } from '../../errors.js';
import { addNewStarter } from '../../nudges/add-new-starter.js';
import { addDays, STARTED_WITHIN_DAYS, todayFor } from '../../nudges/schedule.js';
import type { Manager } from '../../domain/manager.js';
import { checkForm, formFields, newStarterForm, typedText } from '../forms.js';
import { cardAction, wordsIntent, type Turn } from '../registry.js';
import { asManager, onboardingPlan } from './as-manager.js';

/** A manager adds a new starter in chat: the form, then their onboarding check-ins planned at once. */
function formCard(turn: Turn, manager: Manager, formId: string, refused?: { values: NewStarterFormValues; problems: readonly string[] }): Card {
  const minStartDate = addDays(todayFor(turn.s.clock.now(), manager.window.timeZone), -STARTED_WITHIN_DAYS);
  return newStarterFormCard({ formId, minStartDate, plan: onboardingPlan(turn.s), ...refused });
}

function showForm(turn: Turn): Promise<Card> {
  return asManager(turn, newStarterNoticeCard, (manager) => formCard(turn, manager, randomUUID()));
}

const FIELDS = ['name', 'startDate', 'jobTitle', 'email'] as const;
// Identifies the form card, so the same card submitted twice adds one person.
const newStarterSave = z.object({ formId: z.string().uuid(), ...formFields(FIELDS) });

function save(turn: Turn, action: z.infer<typeof newStarterSave>): Promise<Card> {
  const { s } = turn;
  return asManager(turn, newStarterNoticeCard, async (manager) => {
    const values: NewStarterFormValues = typedText(action, FIELDS);
    const form = checkForm(newStarterForm, action);
    if (!form.ok) return formCard(turn, manager, action.formId, { values, problems: form.problems });
    const plan = onboardingPlan(s);
    const added = await checked(() => addNewStarter({ store: s.store, nudges: s.store.nudges, clock: s.clock, holidays: s.holidays }, manager.email, action.formId, form.value, plan));
    if (!added.ok) return formCard(turn, manager, action.formId, { values, problems: added.problems });
    const { person, checkIns, missed } = added.value;
    return newStarterAddedCard({ name: person.displayName, jobTitle: person.jobTitle, startDate: person.startDate, checkIns, missed, plan });
  });
}

export const newStarterIntent = wordsIntent('new-starter', /^((i have|i've|i have got|i've got) )?(a )?new starter[.!]?$/i, showForm);

export const newStarterActions = [
  cardAction({ verb: 'new-starter', schema: z.object({}), handle: async (_a, turn) => ({ card: await showForm(turn) }) }),
  cardAction({ verb: 'new-starter-save', schema: newStarterSave, handle: async (a, turn) => ({ card: await save(turn, a) }) }),
];
