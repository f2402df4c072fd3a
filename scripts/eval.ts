/**
 * Retrieval evaluation: runs question sets (one JSON object a line,
 * {"q": question, "ids": [acceptable ids], "style"?: string}; empty ids =
 * should decline; style "crisis" = must get the crisis card) through the same
 * answering code as the bot, and prints hit@1, hit@3 (among the guides the
 * card shows: the answer and its related topics, or the "Did you mean"
 * candidates), declines, false
 * declines, hit@1 per style and crisis detection, then every miss.
 * Usage: npm run eval [-- FILE ...] [--quiet]   (default: ../shared/eval/dev-questions.jsonl)
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadContent } from '../src/content/load-content.js';
import { findAnswer } from '../src/knowledge/answer-question.js';
import { createKnowledgeBase } from '../src/knowledge/knowledge-base.js';

interface Case {
  readonly q: string;
  readonly ids: readonly string[];
  readonly style?: string;
}

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const files = args.filter((a) => !a.startsWith('--'));
if (files.length === 0) files.push(path.resolve(root, '../shared/eval/dev-questions.jsonl'));
const knowledge = createKnowledgeBase((await loadContent(path.join(root, 'content'), new Date())).pack);

for (const file of files) {
  const cases = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  let answerable = 0, hit1 = 0, hit3 = 0, falseDeclines = 0, toDecline = 0, declined = 0, clarified = 0;
  let crisis = 0, crisisCaught = 0, crisisFalseAlarms = 0, rank1 = 0, rank3 = 0;
  const styles = new Map<string, { n: number; hit1: number }>();
  const misses: string[] = [];
  for (const c of cases) {
    const flagged = knowledge.isCrisis(c.q);
    if (c.style === 'crisis') {
      crisis++;
      if (flagged) crisisCaught++;
      else misses.push(`crisis missed "${c.q}"`);
      continue;
    }
    if (flagged) {
      crisisFalseAlarms++;
      misses.push(`crisis false alarm "${c.q}"`);
    }
    const answer = findAnswer(knowledge, c.q);
    // What the card shows: the answer and its related topics, or the "Did you mean" candidates.
    const ids =
      answer.status === 'answer'
        ? [answer.passage.doc.id, ...answer.related.map((d) => d.id)]
        : answer.status === 'clarify'
          ? answer.candidates.map((p) => p.doc.id)
          : answer.hits.map((h) => h.docId);
    const shown = `${answer.status.padEnd(7)} ${ids.slice(0, 3).join(', ') || '-'}`;
    if (c.ids.length === 0) {
      toDecline++;
      if (answer.status === 'none') declined++;
      else misses.push(`not declined  "${c.q}" -> ${shown}`);
      continue;
    }
    answerable++;
    const ranked = knowledge.ranker.rank(c.q, 3).hits.map((h) => h.docId);
    if (c.ids.includes(ranked[0]!)) rank1++;
    if (ranked.some((id) => c.ids.includes(id))) rank3++;
    const style = styles.get(c.style ?? 'unstyled') ?? { n: 0, hit1: 0 };
    styles.set(c.style ?? 'unstyled', style);
    style.n++;
    if (answer.status === 'none') {
      falseDeclines++;
      misses.push(`false decline "${c.q}" (want ${c.ids.join('|')}) -> ${shown} [${answer.reason}]`);
      continue;
    }
    if (answer.status === 'clarify') clarified++;
    if (c.ids.includes(ids[0]!)) {
      hit1++;
      style.hit1++;
    } else misses.push(`miss@1        "${c.q}" (want ${c.ids.join('|')}) -> ${shown}`);
    if (ids.slice(0, 3).some((id) => c.ids.includes(id))) hit3++;
  }
  const rate = (a: number, b: number) => (b ? (a / b).toFixed(3) : 'n/a');
  console.log(`${path.relative(process.cwd(), file)}: ${cases.length} questions (${answerable} answerable, ${toDecline} to decline, ${crisis} crisis)`);
  console.log(
    `  hit@1: ${rate(hit1, answerable)}  hit@3: ${rate(hit3, answerable)}  declined: ${rate(declined, toDecline)}  false declines: ${rate(falseDeclines, answerable)}  clarify: ${clarified}`,
  );
  console.log(`  ranking alone, before the answer policy: first ${rate(rank1, answerable)}, in the first three ${rate(rank3, answerable)}`);
  console.log(`  hit@1 by style: ${[...styles].map(([s, v]) => `${s} ${rate(v.hit1, v.n)} (${v.n})`).join(' / ')}`);
  if (crisis > 0 || crisisFalseAlarms > 0) console.log(`  crisis caught: ${crisisCaught} of ${crisis}; crisis card on other messages: ${crisisFalseAlarms}`);
  if (!quiet) for (const m of misses) console.log('    ' + m);
}
