import type { ContentFile } from '../content/content-pack.js';
import type { ContentProblem } from '../content/types.js';
import type { KnowledgeBase } from './knowledge-base.js';

/**
 * Example questions that the assistant would answer with another document:
 * usually a question that belongs elsewhere, or two documents that claim the
 * same kind of question. Warnings, so HR can fix the content before managers
 * meet the confusion.
 */
export function checkExampleQuestions(knowledge: Pick<KnowledgeBase, 'pack' | 'ranker'>, files: readonly ContentFile[] = []): ContentProblem[] {
  const texts = new Map(files.map((f) => [f.path, f.text.split('\n')]));
  const problems: ContentProblem[] = [];
  for (const doc of knowledge.pack.documents) {
    doc.questions.forEach((q, i) => {
      const first = knowledge.ranker.rank(q.text, 1).hits[0];
      if (!first || first.docId === doc.id) return;
      const lines = texts.get(doc.file) ?? [];
      const line = lines.findIndex((l) => l.includes(q.text.slice(0, 40))) + 1;
      problems.push({
        severity: 'warning',
        file: doc.file,
        line,
        field: `questions[${i}]`,
        message: `"${q.text}" is answered with "${first.docId}" first, not this document`,
      });
    });
  }
  return problems;
}
