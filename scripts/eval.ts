/**
 * Retrieval evaluation: runs a question set (one JSON object a line,
 * {"q": question, "ids": [acceptable ids]}, empty ids = should decline)
 * through the same answering code as the bot, and prints hit@1, hit@3, the
 * decline rate on questions to decline, false declines, and every miss.
 * Usage: npm run eval [-- FILE]   (default: ../shared/eval/dev-questions.jsonl)
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadContent } from '../src/content/load-content.js';
import { findAnswer } from '../src/knowledge/answer-question.js';
import { createKnowledgeBase } from '../src/knowledge/knowledge-base.js';

const root = path.resolve(import.meta.dirname, '..');
const file = process.argv[2] ?? path.resolve(root, '../shared/eval/dev-questions.jsonl');
const cases = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { q: string; ids: string[] });
const knowledge = createKnowledgeBase((await loadContent(path.join(root, 'content'), new Date())).pack);

let answerable = 0, hit1 = 0, hit3 = 0, falseDeclines = 0, toDecline = 0, declined = 0, clarified = 0;
const misses: string[] = [];
for (const c of cases) {
  const answer = findAnswer(knowledge, c.q);
  const ids = answer.hits.map((h) => h.docId);
  const shown = `${answer.status.padEnd(7)} ${ids.slice(0, 3).join(', ') || '-'}`;
  if (c.ids.length === 0) {
    toDecline++;
    if (answer.status === 'none') declined++;
    else misses.push(`not declined  "${c.q}" -> ${shown}`);
    continue;
  }
  answerable++;
  if (answer.status === 'none') {
    falseDeclines++;
    misses.push(`false decline "${c.q}" (want ${c.ids.join('|')}) -> ${shown} [${answer.reason}]`);
    continue;
  }
  if (answer.status === 'clarify') clarified++;
  if (c.ids.includes(ids[0]!)) hit1++;
  else misses.push(`miss@1        "${c.q}" (want ${c.ids.join('|')}) -> ${shown}`);
  if (ids.slice(0, 3).some((id) => c.ids.includes(id))) hit3++;
}
const rate = (a: number, b: number) => (b ? (a / b).toFixed(3) : 'n/a');
console.log(`questions: ${cases.length} (${answerable} answerable, ${toDecline} to decline) from ${path.relative(process.cwd(), file)}`);
console.log(`hit@1: ${rate(hit1, answerable)}  hit@3: ${rate(hit3, answerable)}  declined: ${rate(declined, toDecline)}  false declines: ${rate(falseDeclines, answerable)}  clarify: ${clarified}`);
for (const m of misses) console.log('  ' + m);
