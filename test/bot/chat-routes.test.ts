import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CARD_ACTIONS, parseCardAction, TEXT_INTENTS } from '../../src/bot/chat-routes.js';
import { isAppError } from '../../src/errors.js';

/** Every `verb` a template's buttons send, by template file. */
function templateVerbs(): Map<string, string[]> {
  const verbs = new Map<string, string[]>();
  const walk = (value: unknown, file: string): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, file));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'verb' && typeof v === 'string') verbs.set(v, [...(verbs.get(v) ?? []), file]);
      else walk(v, file);
    }
  };
  const dir = new URL('../../cards/', import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) walk(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
  return verbs;
}

describe('bot: the registry of card actions and text intents', () => {
  const inTemplates = templateVerbs();

  it('finds the buttons in the templates (the walk itself works)', () => {
    expect(inTemplates.get('feedback')).to.include('answer.json');
    expect(inTemplates.get('nudge-held')).to.include('nudges.json');
  });

  it('has a handler for every verb a template in cards/ sends', () => {
    const unhandled = [...inTemplates].filter(([verb]) => !CARD_ACTIONS.has(verb)).map(([verb, files]) => `${verb} (${files.join(', ')})`);
    expect(unhandled, 'verbs with no registered card action').to.deep.equal([]);
  });

  it('has a template sending every registered verb', () => {
    const unsent = [...CARD_ACTIONS.keys()].filter((verb) => !inTemplates.has(verb));
    expect(unsent, 'card actions no template can send').to.deep.equal([]);
  });

  it('names each text intent once, and ends with the question every other message is', () => {
    const names = TEXT_INTENTS.map((i) => i.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names.at(-1)).to.equal('question');
  });

  it("checks a payload against its own verb's schema, stripping the verb and anything unknown", () => {
    const parsed = parseCardAction({ verb: 'nudge-snooze', nudgeId: '00000000-0000-4000-8000-000000000001', snooze: '1w', extra: 'x' });
    expect(parsed.verb).to.equal('nudge-snooze');
    expect(parsed.params).to.deep.equal({ nudgeId: '00000000-0000-4000-8000-000000000001', snooze: '1w' });
  });

  for (const [label, value, field] of [
    ['an unknown verb', { verb: 'drop-table' }, 'verb'],
    ['a verb inherited from Object', { verb: 'toString' }, 'verb'],
    ['no verb', { nudgeId: 'x' }, 'verb'],
    ['a bad field', { verb: 'nudge-snooze', nudgeId: '00000000-0000-4000-8000-000000000001', snooze: '3y' }, 'snooze'],
    ['not an object', 'help', 'verb'],
  ] as const) {
    it(`refuses ${label} with VALIDATION naming "${field}"`, () => {
      let thrown: unknown;
      try {
        parseCardAction(value);
      } catch (err) {
        thrown = err;
      }
      expect(isAppError(thrown) && thrown.code, String(thrown)).to.equal('VALIDATION');
      expect((thrown as Error).message).to.contain(`refused: ${field}:`);
    });
  }
});
