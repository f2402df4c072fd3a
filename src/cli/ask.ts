import fs from 'node:fs';
import readline from 'node:readline';
import { Command } from 'commander';
import { pino } from 'pino';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { ContentPack } from '../content/types.js';
import { createLogger } from '../logger.js';
import { loadLiveContent } from '../publishing/live-content.js';
import { openStore } from '../store/store.js';
import { AppError } from '../errors.js';
import { loadContent } from '../content/load-content.js';
import { findAnswer, type Answer } from '../knowledge/answer-question.js';
import { createKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { CliIO } from './main.js';

export function askCommand(io: CliIO): Command {
  return new Command('ask')
    .description('answer a question from the content pack, as the bot would (nothing is logged)')
    .argument('[question...]', 'the question')
    .option('--json', 'print one JSON object: {query, status, results: [{id, title, section, score}]}')
    .option('--batch <file>', 'read one question per line from FILE ("-" for standard input); with --json prints one object per line')
    .option('--content <dir>', 'answer from this content folder instead of the published content')
    .action(async (words: string[], opts: { json?: boolean; batch?: string; content?: string }) => {
      const config = loadConfig(io.env);
      const pack = await contentToAsk(config, opts.content);
      const knowledge = createKnowledgeBase(pack);
      const print = (q: string) => io.out((opts.json ? JSON.stringify(toJson(q, findAnswer(knowledge, q))) : toText(knowledge, findAnswer(knowledge, q))) + '\n');
      if (opts.batch) {
        if (words.length) throw new AppError('USAGE', 'give either a question or --batch FILE, not both');
        if (opts.batch !== '-') {
          await fs.promises.access(opts.batch, fs.constants.R_OK).catch((err: NodeJS.ErrnoException) => {
            throw new AppError('USAGE', `cannot read ${opts.batch}: ${err.code ?? err.message}`);
          });
        }
        const input = opts.batch === '-' ? process.stdin : fs.createReadStream(opts.batch, 'utf8');
        for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
          if (line.trim()) print(line.trim());
        }
        return;
      }
      const question = words.join(' ').trim();
      if (!question) throw new AppError('USAGE', 'ask needs a question, e.g. lma ask "someone rang in sick"');
      print(question);
    });
}

/**
 * What the bot answers from: the published content in the store when it has
 * any, otherwise the content folder (before the first start, or with --content).
 */
async function contentToAsk(config: Config, folder: string | undefined): Promise<ContentPack> {
  if (folder) return (await loadContent(folder, new Date())).pack;
  // Asking should not create an empty SQLite database as a side effect.
  if (config.store.kind === 'postgres' || fs.existsSync(config.store.file)) {
    const store = await openStore({ config, logger: createLogger('warn', pino.destination(2)) });
    try {
      if ((await store.content.revision()) > 0) {
        return (await loadLiveContent({ store, clock: systemClock, maxDocumentBytes: config.limits.contentMaxDocumentBytes })).pack;
      }
    } finally {
      await store.close();
    }
  }
  return (await loadContent(config.contentDir, new Date())).pack;
}

export function toJson(query: string, answer: Answer) {
  return {
    query,
    status: answer.status,
    results: answer.hits.slice(0, 5).map((h) => ({ id: h.docId, title: h.title, section: h.section, score: h.score })),
  };
}

function toText(knowledge: KnowledgeBase, answer: Answer): string {
  switch (answer.status) {
    case 'answer': {
      const { doc, section } = answer.passage;
      const lines = [`${doc.title} — ${section.heading}`, '', section.text, ''];
      lines.push(`Source: ${doc.source.title} (${doc.source.url})`, `Last reviewed ${doc.lastReviewed}; review due ${doc.reviewDue}`);
      if (answer.related.length) lines.push(`Related: ${answer.related.map((d) => d.title).join('; ')}`);
      return lines.join('\n');
    }
    case 'clarify':
      return ['Did you mean one of these?', ...answer.candidates.map((c) => `- ${c.doc.title}: ${c.doc.summary}`)].join('\n');
    case 'crisis':
      return [
        'Someone may be at risk. If a life is in danger now, or someone has harmed themselves, call 999. Stay with them.',
        'NHS 111, option 2: urgent mental health help. Samaritans: 116 123. Shout: text SHOUT to 85258.',
        ...(answer.passage ? ['', `${answer.passage.doc.title} — ${answer.passage.section.heading}`, '', answer.passage.section.text] : []),
      ].join('\n');
    case 'none': {
      const why = {
        clinical: 'it is a clinical question',
        it: 'it is an IT question',
        pay: "it is about an individual's pay",
        legal: 'it asks for legal advice on a live case',
        'off-topic': 'it is not about managing people',
        'no-match': 'nothing in the content answers it',
        empty: 'there was no question',
      }[answer.reason];
      return `No answer: ${why}. Contact ${knowledge.pack.settings.hr_contact || 'your HR team'}.`;
    }
  }
}
