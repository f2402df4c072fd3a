import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { exportPersonData } from '../privacy/subject-access.js';
import type { PrivacyStore } from '../store/privacy-store.js';
import { caller, type ApiRoute } from './api-routes.js';

export interface PrivacyRouteDeps {
  readonly privacy: Pick<PrivacyStore, 'subjectAccess'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** HR's side of subject access requests. */
export function privacyRoutes(deps: PrivacyRouteDeps): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/privacy/people/:person',
      access: 'hr',
      handler: async (ctx) => {
        const record = await exportPersonData(deps.privacy, ctx.params.person ?? '', deps.clock.now());
        // An audit line: who exported, not whose record (that would put the person in the log).
        deps.logger.info({ event: 'subject-access-export', by: caller(ctx).userId }, 'subject access export');
        return record;
      },
    },
  ];
}
