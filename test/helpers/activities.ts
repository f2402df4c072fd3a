import { randomUUID } from 'node:crypto';

/** Builders for the Bot Framework activities Teams sends, posted to /api/messages. */
export interface ActivityOptions {
  readonly serviceUrl: string;
  readonly conversationId?: string;
  readonly conversationType?: 'personal' | 'channel' | 'groupChat';
  readonly userId?: string;
  readonly userName?: string;
  readonly aadObjectId?: string;
  readonly tenantId?: string;
}

const BOT = { id: '28:bot-id', name: 'Line Manager Assistant' };

function base(type: string, o: ActivityOptions) {
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: { id: o.userId ?? '29:user-1', name: o.userName ?? 'Test Manager', aadObjectId: o.aadObjectId ?? 'aad-user-1' },
    recipient: BOT,
    conversation: {
      id: o.conversationId ?? 'a:personal-conversation-1',
      conversationType: o.conversationType ?? 'personal',
      tenantId: o.tenantId ?? 'tenant-1',
    },
    channelData: { tenant: { id: o.tenantId ?? 'tenant-1' } },
  };
}

export function messageActivity(text: string, o: ActivityOptions) {
  return { ...base('message', o), text, textFormat: 'plain' };
}

export function botAddedActivity(o: ActivityOptions) {
  return { ...base('conversationUpdate', o), membersAdded: [{ id: BOT.id }] };
}

export function invokeActivity(name: string, value: unknown, o: ActivityOptions) {
  return { ...base('invoke', o), name, value };
}

export async function postActivity(appUrl: string, activity: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

/** Teams' uninstall (action "remove") or reinstall ("add") of the app in a conversation. */
export function installationUpdateActivity(action: 'add' | 'remove', o: ActivityOptions) {
  return { ...base('installationUpdate', o), action };
}

/** The bot removed from a conversation, as some clients report an uninstall. */
export function botRemovedActivity(o: ActivityOptions) {
  return { ...base('conversationUpdate', o), membersRemoved: [{ id: BOT.id }] };
}
