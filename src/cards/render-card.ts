import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { AppError } from '../errors.js';

/** Card layouts live as JSON templates in cards/; code fills them and never builds card JSON itself. */
export type CardName = 'answer' | 'clarify' | 'not-found' | 'help' | 'welcome';
export type Card = Record<string, unknown>;

/** Teams refuses cards over about 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

const templates = new Map<CardName, ACData.Template>();

function cardsDir(): string {
  // Works from src/ (tests, tsx) and dist/src/ (built): walk up to the folder holding cards/.
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'cards');
    if (fs.existsSync(path.join(candidate, 'answer.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new AppError('INTERNAL', 'card templates folder (cards/) not found');
}

function template(name: CardName): ACData.Template {
  let t = templates.get(name);
  if (!t) {
    t = new ACData.Template(JSON.parse(fs.readFileSync(path.join(cardsDir(), `${name}.json`), 'utf8')));
    templates.set(name, t);
  }
  return t;
}

export function renderCard(name: CardName, data: Record<string, unknown>): Card {
  const card = template(name).expand({ $root: data }) as Card;
  const bytes = Buffer.byteLength(JSON.stringify(card));
  if (bytes > MAX_CARD_BYTES) throw new AppError('INTERNAL', `${name} card is ${bytes} bytes, over the ${MAX_CARD_BYTES} limit`);
  return card;
}
