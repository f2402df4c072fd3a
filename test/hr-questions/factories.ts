import type { HrMember } from '../../src/hr-questions/ticket.js';
import type { Asker } from '../../src/hr-questions/tickets.js';

/** Data factories: a manager and two HR members. */
export const WENDY: Asker = { aadObjectId: 'aad-wendy', email: 'Ward.Manager@nhs.net', name: 'Wendy Ward', reference: { conversation: { id: 'a:wendy' }, serviceUrl: 'http://127.0.0.1:1' } };
export const OLU: Asker = { aadObjectId: 'aad-olu', email: 'other.manager@nhs.net', name: 'Olu Other', reference: { conversation: { id: 'a:olu' }, serviceUrl: 'http://127.0.0.1:1' } };
export const HANNA: HrMember = { aadObjectId: 'aad-hanna', userId: '29:hanna', name: 'Hanna HR' };
export const RAJ: HrMember = { aadObjectId: 'aad-raj', userId: '29:raj', name: 'Raj HR' };

