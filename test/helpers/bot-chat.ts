import { expect } from 'chai';
import { messageActivity, postActivity, type ActivityOptions } from './activities.js';
import { FakeConnector } from './fake-connector.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The real server and a fake Bot Connector on loopback, for one describe block of chat tests. */
export interface BotChat {
  readonly server: TestServer;
  readonly connector: FakeConnector;
  /** Activity options that send replies to the fake connector. */
  readonly o: ActivityOptions;
  /** Posts a message and returns the first card the bot sends back (the calls are then cleared). */
  say(text: string): Promise<any>;
}

/** Registers before/after hooks in the calling describe block; read the fields inside tests only. */
export function useBotChat(env: Record<string, string> = {}): BotChat {
  let server: TestServer | undefined;
  let connector: FakeConnector | undefined;
  before(async () => {
    connector = await new FakeConnector().start();
    server = await startTestServer(env);
  });
  after(async () => {
    await server?.stop();
    await connector?.stop();
  });
  beforeEach(() => {
    if (connector) connector.calls.length = 0;
  });
  const chat: BotChat = {
    get server() {
      return server!;
    },
    get connector() {
      return connector!;
    },
    get o() {
      return { serviceUrl: connector!.url };
    },
    async say(text) {
      expect((await postActivity(chat.server.url, messageActivity(text, chat.o))).status).to.be.below(300);
      const [call] = await chat.connector.waitFor((c) => c.length >= 1);
      chat.connector.calls.length = 0;
      return call!.body.attachments[0].content;
    },
  };
  return chat;
}
