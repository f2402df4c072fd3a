import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { AppError } from '../errors.js';

/** Card layouts live as JSON templates in cards/; code fills them and never builds card JSON itself. */
export type CardName =
  | 'answer'
  | 'clarify'
  | 'crisis'
  | 'not-found'
  | 'help'
  | 'browse-stage'
  | 'welcome'
  | 'nudges'
  | 'reminders'
  | 'settings'
  | 'new-starter'
  | 'shared-guidance'
  | 'notice'
  | 'forget-me'
  | 'announce'
  | 'ask-hr-form'
  | 'ask-hr-sent'
  | 'my-hr-questions'
  | 'hr-answer'
  | 'hr-ticket';
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

export interface RenderOptions {
  /**
   * Identifies `data` for reuse: templating is slow next to a reply, so a card
   * rendered once for a key is copied after. Leave out for one-off cards.
   */
  readonly key?: string;
  /** Per-card values (ids, the user's question) filled into the copy; never part of the key. */
  readonly slots?: Readonly<Record<string, string>>;
}

const SLOT = `slot-${randomUUID()}-`;

/** The placeholder for slot `name`, for data that puts a slot below the top level. */
export function slotToken(name: string): string {
  return `${SLOT}${name}${SLOT}`;
}
const MAX_RENDERED = 2000;
/** Room kept for slot values (each at most half of it). */
const SLOT_ALLOWANCE = 4096;

type Path = readonly (string | number)[];
interface Rendered {
  /** Deep-frozen: copies share every part that holds no slot. */
  readonly card: Card;
  /** Where slot tokens sit: paths to the strings that contain them. */
  readonly slotPaths: readonly Path[];
}
const rendered = new Map<string, Rendered>();

/** `data` may be a function, so work to build it is skipped when the card is already rendered. */
export function renderCard(name: CardName, data: Record<string, unknown> | (() => Record<string, unknown>), options: RenderOptions = {}): Card {
  const slots = options.slots ?? {};
  const cacheKey = options.key === undefined ? undefined : `${name}|${options.key}`;
  let entry = cacheKey === undefined ? undefined : rendered.get(cacheKey);
  if (!entry) {
    const withSlots = { ...Object.fromEntries(Object.keys(slots).map((k) => [k, slotToken(k)])), ...(typeof data === 'function' ? data() : data) };
    const card = template(name).expand({ $root: withSlots }) as Card;
    // Checked once per rendering; slot values are short (ids, a trimmed question).
    const bytes = Buffer.byteLength(JSON.stringify(card));
    if (bytes > MAX_CARD_BYTES - SLOT_ALLOWANCE) {
      throw new AppError('INTERNAL', `${name} card is ${bytes} bytes, over the ${MAX_CARD_BYTES} limit`);
    }
    entry = { card: deepFreeze(card), slotPaths: findSlots(card, []) };
    if (cacheKey !== undefined) {
      if (rendered.size >= MAX_RENDERED) rendered.clear();
      rendered.set(cacheKey, entry);
    }
  }
  for (const v of Object.values(slots)) {
    if (v.length > SLOT_ALLOWANCE / 2) throw new AppError('INTERNAL', `a ${name} card slot value is over ${SLOT_ALLOWANCE / 2} characters`);
  }
  return fillSlots(entry, slots);
}

function findSlots(node: unknown, path: Path, out: Path[] = []): Path[] {
  if (typeof node === 'string') {
    if (node.includes(SLOT)) out.push(path);
  } else if (Array.isArray(node)) {
    node.forEach((child, i) => findSlots(child, [...path, i], out));
  } else if (node && typeof node === 'object') {
    for (const [k, child] of Object.entries(node)) findSlots(child, [...path, k], out);
  }
  return out;
}

/** Copies only the objects on the way to each slot; everything else is shared with the cached card. */
function fillSlots(entry: Rendered, slots: Readonly<Record<string, string>>): Card {
  if (entry.slotPaths.length === 0) return entry.card;
  const copies = new Map<object, any>();
  const copyOf = (node: any) => {
    let c = copies.get(node);
    if (!c) copies.set(node, (c = Array.isArray(node) ? [...node] : { ...node }));
    return c;
  };
  const root = copyOf(entry.card);
  for (const path of entry.slotPaths) {
    let src: any = entry.card;
    let dst: any = root;
    for (const key of path.slice(0, -1)) {
      src = src[key];
      dst = dst[key] = copyOf(src);
    }
    const leaf = path[path.length - 1]!;
    dst[leaf] = (src[leaf] as string).replace(new RegExp(`${SLOT}([a-zA-Z]+)${SLOT}`, 'g'), (_m, k: string) => slots[k] ?? '');
  }
  return root as Card;
}

function deepFreeze<T>(node: T): T {
  if (node && typeof node === 'object' && !Object.isFrozen(node)) {
    Object.freeze(node);
    for (const child of Object.values(node)) deepFreeze(child);
  }
  return node;
}
