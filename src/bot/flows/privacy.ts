import { z } from 'zod';
import { forgetMeCard } from '../../cards/privacy-cards.js';
import { forgetMe } from '../../privacy/forget-me.js';
import { cardAction, wordsIntent } from '../registry.js';

/** "Forget me": a confirm card, then the person who pressed the button (the payload names nobody) is forgotten. */
export const forgetMeIntent = wordsIntent('forget-me', /^(forget me|delete my data|remove my data)[.!]?$/i, () => forgetMeCard('confirm'));

export const privacyActions = [
  cardAction({
    verb: 'forget-me',
    schema: z.object({ confirm: z.boolean() }),
    handle: async (a, { s, actor }) => {
      if (!a.confirm) return { card: forgetMeCard('cancelled') };
      const outcome = await forgetMe({ store: s.store, now: s.clock.now() }, actor.aadObjectId);
      return { card: outcome.state === 'nothing' ? forgetMeCard('nothing') : forgetMeCard(outcome.state, outcome.removed) };
    },
  }),
];
