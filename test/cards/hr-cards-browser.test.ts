import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { askHrFormCard, hrAnswerCard, hrTicketCard, myHrQuestionsCard } from '../../src/cards/hr-cards.js';
import type { Ticket } from '../../src/hr-questions/ticket.js';
import { launchBrowser } from '../helpers/browser.js';
import { saveCardPng } from '../helpers/card-png.js';
import { REPO_ROOT } from '../helpers/test-server.js';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'ask-hr');

const TICKET: Ticket = {
  id: '6f1d2c1e-8d7a-4c3b-9a41-3b8d5e0c2a11',
  number: 42,
  reference: 'HR-0042',
  status: 'open',
  version: 1,
  question: 'Can a nurse carry over more than five days of annual leave after long-term sickness?',
  detail: 'She could not take it while she was off.',
  triedDocs: ['family-and-carers-leave'],
  asker: { aadObjectId: 'aad-wendy', email: 'ward.manager@nhs.net', name: 'Wendy Ward' },
  assignee: undefined,
  reply: undefined,
  repliedBy: undefined,
  followUp: undefined,
  closeReason: undefined,
  reopened: 0,
  createdAt: '2026-12-01T09:00:00.000Z',
  firstResponseAt: undefined,
  answeredAt: undefined,
  closedAt: undefined,
  anonymised: false,
};

/** Every input in a card (including those inside Action.ShowCard) and whether it has a label. */
function inputs(node: unknown, out: { id: string; label: unknown }[] = []): { id: string; label: unknown }[] {
  if (Array.isArray(node)) node.forEach((n) => inputs(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push({ id: String(o.id), label: o.label });
    Object.values(o).forEach((v) => inputs(v, out));
  }
  return out;
}

/** Ask HR's cards drawn by the Adaptive Cards renderer at phone width: they parse cleanly and every input has a label. */
describe('Ask HR cards in Chromium (Adaptive Cards renderer, 390 px)', function () {
  let browser: Browser | undefined;
  before(async function () {
    browser = await launchBrowser(this);
  });
  after(async () => browser?.close());

  const cases: [string, () => unknown, string[]][] = [
    ['hr-ticket-open', () => hrTicketCard(TICKET, { holders: ['29:hanna'], titles: () => 'Family and carers leave', guides: [{ id: 'rest-and-recovery', title: 'Rest, breaks and recovery' }] }), ['HR-0042: a question for HR', 'Open: nobody holds it yet.', 'Wendy Ward', 'Family and carers leave', 'Assign to me']],
    [
      'hr-ticket-taken',
      () => hrTicketCard({ ...TICKET, status: 'assigned', version: 2, assignee: { aadObjectId: 'aad-hanna', userId: '29:hanna', name: 'Hanna HR' } }, { holders: ['29:hanna'], refusal: 'taken' }),
      ['Assigned to Hanna HR.', 'Already taken'],
    ],
    ['ask-hr-form', () => askHrFormCard({ settings: { hr_contact: 'the HR advice team' }, hasChannel: true }, { formId: TICKET.id, question: TICKET.question, triedDocs: [] }), ['Your question', 'More detail (optional)', 'HR will see your name']],
    ['hr-answer', () => hrAnswerCard({ ...TICKET, status: 'answered', reply: 'Yes: leave she could not take while off sick carries over.', repliedBy: 'Hanna HR' }), ['HR answered your question (HR-0042)', 'Answered by Hanna HR', 'This answered my question', 'I still need help']],
    ['my-hr-questions', () => myHrQuestionsCard([TICKET, { ...TICKET, id: 'x', reference: 'HR-0041', status: 'closed', closeReason: 'withdrawn' }]), ['HR-0042: Waiting for HR', 'HR-0041: Withdrawn', 'Withdraw HR-0042']],
  ];
  for (const [name, build, expected] of cases) {
    it(`${name}: renders without errors, says what it should, labels every input`, async () => {
      const card = build();
      const { text, errors } = await saveCardPng(browser!, card, path.join(ARTIFACTS, `card-${name}.png`), 390);
      expect(errors).to.deep.equal([]);
      for (const e of expected) expect(text).to.contain(e);
      for (const input of inputs(card)) expect(input.label, `input ${input.id} has a label`).to.be.a('string').and.not.equal('');
    });
  }
});
