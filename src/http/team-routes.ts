import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { managerEmailFor, managerToday, recordConversationHeld, reportOf, teamOverview, type TeamDeps } from '../nudges/my-team.js';
import { caller, parseInput, type ApiContext, type ApiRoute } from './api-routes.js';

export interface TeamRouteDeps extends Omit<TeamDeps, 'onboardingPlan'> {
  /** Read per request: a content publish can change the plan. */
  onboardingPlan(): TeamDeps['onboardingPlan'];
  readonly logger: Logger;
}

const teamQuery = z.object({ manager: z.string().trim().toLowerCase().optional() });
const heldBody = z.object({ on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD') });

/**
 * The My team tab's API. Signed in (`user`); the caller is always the manager
 * asked about, so one manager can never read or change another's team. A
 * refused request is logged by id (who asked, for whom), never by name.
 */
export function teamRoutes(deps: TeamRouteDeps): ApiRoute[] {
  const use = (): TeamDeps => ({ ...deps, onboardingPlan: deps.onboardingPlan() });
  const me = async (ctx: ApiContext) => {
    const identity = caller(ctx);
    const email = await managerEmailFor(deps.nudges, identity);
    if (!email) {
      throw new AppError('FORBIDDEN', 'Your team is found through the Teams account that added the Line Manager Assistant: open its chat in Teams once, then try again.');
    }
    return { identity, email };
  };
  const refuse = (ctx: ApiContext, who: { identity: { userId: string } }, err: unknown): never => {
    if (err instanceof AppError && err.code === 'FORBIDDEN') {
      deps.logger.warn({ user: who.identity.userId, route: 'team', employeeId: ctx.params.employeeId }, "refused: another manager's team");
    }
    throw err;
  };
  return [
    {
      method: 'get',
      path: '/api/team',
      access: 'user',
      handler: async (ctx) => {
        const who = await me(ctx);
        const { manager } = parseInput(teamQuery, ctx.query);
        if (manager && manager !== who.email) refuse(ctx, who, new AppError('FORBIDDEN', 'You can only see your own team.'));
        const reports = await teamOverview(use(), who.email);
        return { manager: { email: who.email, name: who.identity.name ?? null }, today: await managerToday(deps, who.email), reports };
      },
    },
    {
      method: 'get',
      path: '/api/team/reports/:employeeId',
      access: 'user',
      handler: async (ctx) => {
        const who = await me(ctx);
        return reportOf(use(), who.email, ctx.params.employeeId ?? '').catch((err) => refuse(ctx, who, err));
      },
    },
    {
      method: 'post',
      path: '/api/team/reports/:employeeId/wellbeing-held',
      access: 'user',
      handler: async (ctx) => {
        const who = await me(ctx);
        const { on } = parseInput(heldBody, ctx.body);
        return recordConversationHeld(use(), who.email, ctx.params.employeeId ?? '', on).catch((err) => refuse(ctx, who, err));
      },
    },
  ];
}
