import { AppError } from '../errors.js';
import type { PrivacyStore, SubjectAccessRecord } from '../store/privacy-store.js';

/**
 * What the assistant holds about one person, for a subject access request.
 * Message text is never in it: questions and feedback are stored without any
 * identity, so nothing a person typed can be linked back to them.
 */
export interface SubjectAccessExport extends SubjectAccessRecord {
  readonly subject: string;
  readonly generatedAt: string;
  readonly notes: readonly string[];
}

const NOTES = [
  'Questions asked of the assistant are stored without any identity (outcome and date only; unanswered question texts without who asked), so none can be linked to this person.',
  '"Was this helpful?" feedback is stored without any identity.',
  'Questions sent to HR ("Ask HR") are listed with what was written and HR\'s reply, until they are blanked a set time after they close.',
  'Application logs record events and outcomes, never message text.',
];

export async function exportPersonData(privacy: Pick<PrivacyStore, 'subjectAccess'>, emailOrId: string, now: Date): Promise<SubjectAccessExport> {
  const subject = emailOrId.trim();
  if (!subject) throw new AppError('VALIDATION', 'person: give an employee id or an email address');
  const record = await privacy.subjectAccess(subject);
  if (!record) throw new AppError('NOT_FOUND', `nothing is held about "${subject}"`);
  return { subject, generatedAt: now.toISOString(), ...record, notes: NOTES };
}
