import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/**
 * Where HR's ticket cards go: a channel of a team the bot was added to. The
 * trust names the team in configuration (HR_TEAM_ID) or chooses it in the
 * admin tab; the team must have added the bot, which is when its channel's
 * conversation reference is captured.
 */
export interface HrChannelDeps {
  readonly store: Pick<Store, 'getMeta' | 'setMeta' | 'tickets' | 'audit'>;
  readonly clock: Clock;
  /** HR_TEAM_ID: wins over the admin tab's choice. */
  readonly configuredTeamId: string | undefined;
}

export interface TeamChannel {
  readonly teamId: string;
  readonly teamName: string;
  readonly reference: unknown;
}

const CHOSEN_TEAM = 'hr-team-id';

export async function hrTeamId(deps: HrChannelDeps): Promise<string | undefined> {
  return deps.configuredTeamId ?? (await deps.store.getMeta(CHOSEN_TEAM));
}

/** The HR channel, once the chosen team has the bot; undefined means tickets wait in the admin tab only. */
export async function hrChannel(deps: HrChannelDeps): Promise<TeamChannel | undefined> {
  const teamId = await hrTeamId(deps);
  if (!teamId) return undefined;
  return (await deps.store.tickets.teamChannels()).find((t) => t.teamId === teamId);
}

/** The bot was added to a team: remember how to post in it. */
export async function rememberTeam(deps: HrChannelDeps, team: TeamChannel): Promise<void> {
  await deps.store.tickets.saveTeamChannel(team, deps.clock.now());
}

export interface HrChannelSetting {
  readonly teamId: string | undefined;
  readonly configured: boolean;
  readonly connected: boolean;
  readonly teams: readonly { readonly teamId: string; readonly teamName: string }[];
}

/** For the admin tab: the choice, whether it came from configuration, and the teams the bot is in. */
export async function hrChannelSetting(deps: HrChannelDeps): Promise<HrChannelSetting> {
  const teamId = await hrTeamId(deps);
  const teams = (await deps.store.tickets.teamChannels()).map((t) => ({ teamId: t.teamId, teamName: t.teamName }));
  return { teamId, configured: deps.configuredTeamId !== undefined, connected: teams.some((t) => t.teamId === teamId), teams };
}

export async function chooseHrTeam(deps: HrChannelDeps, actor: string, teamId: string): Promise<HrChannelSetting> {
  if (deps.configuredTeamId) throw new AppError('CONFLICT', 'HR_TEAM_ID sets the HR team in configuration; change it there');
  const team = (await deps.store.tickets.teamChannels()).find((t) => t.teamId === teamId);
  if (!team) throw new AppError('VALIDATION', 'teamId: the assistant has not been added to that team; add it to the team in Teams first');
  await deps.store.setMeta(CHOSEN_TEAM, team.teamId, deps.clock.now());
  await deps.store.audit.append({ actor, action: 'hr-channel-chosen', target: team.teamName, detail: undefined }, deps.clock.now());
  return hrChannelSetting(deps);
}
