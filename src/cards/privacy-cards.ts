import { renderCard, type Card } from './render-card.js';

/** Plain cards for limits and for "forget me". Every text here is ours: nothing a person typed. */
export type Notice = 'too-long' | 'slow-down';

export function noticeCard(notice: Notice, detail: { maxChars?: number; retryAfterSeconds?: number } = {}): Card {
  if (notice === 'too-long') {
    return renderCard('notice', {
      headline: 'Please ask a shorter question',
      text: `That message is longer than I can take (${detail.maxChars ?? 0} characters at most). Ask one question in a sentence or two, for example "How do I record sickness absence?"`,
    });
  }
  const seconds = Math.max(1, detail.retryAfterSeconds ?? 1);
  return renderCard('notice', {
    headline: 'Slow down a little',
    text: `You have asked a lot of questions in the last minute. Please wait about ${seconds} second${seconds === 1 ? '' : 's'} and ask again.`,
  });
}

export type ForgetMeState = 'confirm' | 'done' | 'stopped' | 'nothing' | 'cancelled';

export function forgetMeCard(state: ForgetMeState, removed = 0): Card {
  return renderCard('forget-me', { state, removed: String(removed) });
}
