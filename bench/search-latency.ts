/**
 * Search latency in process: p50 / p99 / max of answering (search + answer
 * policy) on the default pack and on a synthetic corpus 20 times larger.
 * Prints figures; it is not a test. Usage: npx tsx bench/search-latency.ts
 */
import path from 'node:path';
import { loadContent } from '../src/content/load-content.js';
import type { ContentDocument, ContentPack } from '../src/content/types.js';
import { findAnswer } from '../src/knowledge/answer-question.js';
import { createKnowledgeBase } from '../src/knowledge/knowledge-base.js';
import { BENCH_QUESTIONS } from './questions.js';

const ROUNDS = 200;
const root = path.resolve(import.meta.dirname, '..');
const { pack } = await loadContent(path.join(root, 'content'), new Date());

/** 20 copies of every document, each with its own id and a varied title, so the index grows 20 times. */
function scaled(base: ContentPack, times: number): ContentPack {
  const documents: ContentDocument[] = [];
  for (let i = 0; i < times; i++) {
    for (const d of base.documents) {
      const id = i === 0 ? d.id : `${d.id}-copy-${i}`;
      documents.push({
        ...d,
        id,
        title: i === 0 ? d.title : `${d.title} (local variant ${i})`,
        sections: d.sections.map((s) => ({ ...s, docId: id, text: i === 0 ? s.text : `${s.text}\nVariant ${i} of this guidance for site ${i}.` })),
        related: d.related.map((r) => (i === 0 ? r : `${r}-copy-${i}`)),
      });
    }
  }
  return { ...base, documents };
}

function measure(label: string, p: ContentPack) {
  const started = process.hrtime.bigint();
  const kb = createKnowledgeBase(p);
  const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
  for (const q of BENCH_QUESTIONS) findAnswer(kb, q); // warm up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of BENCH_QUESTIONS) {
      const t = process.hrtime.bigint();
      findAnswer(kb, q);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(3);
  console.log(
    `${label}: ${p.documents.length} documents, ${kb.index.size.sections} sections, index built in ${buildMs.toFixed(0)} ms; ` +
      `${times.length} questions: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${times[times.length - 1]!.toFixed(3)} ms`,
  );
}

measure('default pack', pack);
measure('20x corpus', scaled(pack, 20));
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);
