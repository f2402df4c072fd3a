/**
 * Questions phrased as a manager would ask them, offered to tap: buttons on the
 * welcome card and suggested replies under it. The manifest's prompt starters
 * (bots.commandLists, type "prompt") carry the same ones; a test keeps them in step.
 * `title` is what is shown (Teams allows 32 characters for a prompt starter's title);
 * `prompt` is what is asked. Each title, typed on its own, gets the same answer.
 */
export interface PromptStarter {
  readonly title: string;
  readonly prompt: string;
}

export const WELCOME_STARTERS: readonly PromptStarter[] = [
  { title: 'Someone has rung in sick', prompt: 'Someone has rung in sick, what do I do?' },
  { title: 'How do I hold a wellbeing chat?', prompt: 'How do I hold a wellbeing conversation?' },
  { title: 'Show my reminders', prompt: 'Show my reminders' },
];

/** Under the welcome card: the starters, then browsing (imBack sends the value as the manager's message). */
export const WELCOME_SUGGESTIONS: readonly PromptStarter[] = [...WELCOME_STARTERS, { title: 'Browse topics', prompt: 'Browse topics' }];
