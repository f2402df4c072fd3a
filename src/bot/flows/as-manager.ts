import type { Card } from '../../cards/render-card.js';
import { stoppedText } from '../../cards/nudge-card.js';
import type { Manager } from '../../domain/manager.js';
import { findChatManager, type InstallDeps } from '../../nudges/chat-manager.js';
import { onboardingPlanOf } from '../../nudges/schedule.js';
import type { ReplyServices, Turn } from '../registry.js';

const NOT_MATCHED = 'I could not match you to the staff roster yet. Ask HR to check that your email address is the manager email in the roster.';

/**
 * Runs `then` for the manager who pressed or typed; anyone else gets `notice`
 * saying why: they said "forget me" (and when), or they are not matched to the roster.
 */
export async function asManager(turn: Turn, notice: (text: string) => Card, then: (manager: Manager) => Promise<Card> | Card): Promise<Card> {
  const found = await findChatManager(turn.s.store.nudges, turn.actor.aadObjectId);
  if (found.ok) return then(found.manager);
  return notice(found.reason === 'stopped' ? stoppedText(found.stoppedOn) : NOT_MATCHED);
}

export function settingsDeps(s: ReplyServices): InstallDeps {
  return { nudges: s.store.nudges, clock: s.clock, holidays: s.holidays, defaultCadenceWeeks: s.defaultCadenceWeeks };
}

export function onboardingPlan(s: ReplyServices) {
  return onboardingPlanOf(s.knowledge.pack.plans);
}
