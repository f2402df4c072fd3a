import { expect } from 'chai';
import { messageActivity, postActivity } from '../helpers/activities.js';
import { botCredentials, startBotFrameworkKeys } from '../helpers/bot-framework-keys.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { tempDir } from '../helpers/test-server.js';

const APP_ID = '00000000-0000-0000-0000-0000000000b3';

describe('security: every line a server process writes is JSON (lma serve with bot credentials, no network)', () => {
  it('a start, unreachable signing keys, malformed activities, refused bodies and a stop: one JSON object a line, no stack', async function () {
    const keys = await startBotFrameworkKeys(); // only to sign tokens: lma serve asks the real Bot Framework for its keys
    await keys.stop();
    const serve = await startServeProcess({
      DATA_DIR: tempDir(),
      LOG_LEVEL: 'debug',
      ...botCredentials(APP_ID),
    });
    try {
      const serviceUrl = 'https://smba.trafficmanager.net/uk/';
      const signed = { authorization: `Bearer ${keys.token({ aud: APP_ID, serviceUrl })}` };
      // login.botframework.com cannot be reached from here: the keys cannot be fetched.
      const noKeys = await postActivity(serve.url, messageActivity('hello', { serviceUrl }), signed);
      expect(noKeys.status, await noKeys.text()).to.be.oneOf([503, 401]);
      const { type: _t, ...untyped } = messageActivity('hello', { serviceUrl });
      expect((await postActivity(serve.url, untyped, signed)).status).to.equal(400);
      expect((await postActivity(serve.url, messageActivity('hello', { serviceUrl }))).status).to.equal(401);
      const notJson = await fetch(`${serve.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
      expect(notJson.status).to.equal(400);
      const form = await fetch(`${serve.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n' });
      expect(form.status).to.equal(415);
      expect((await fetch(`${serve.url}/no/such/page`)).status).to.equal(404);
    } finally {
      await serve.kill('SIGTERM');
    }
    const lines = serve.output.join('').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length, 'the process logged its start and stop').to.be.greaterThan(3);
    for (const line of lines) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
      expect(parsed, line).to.include.keys('level', 'time', 'msg');
      expect(line, 'no stack in a log line').not.to.match(/\\n\s+at |\bat \S+ \(\S+:\d+:\d+\)/);
    }
    expect(lines.some((l) => l.includes('"msg":"stopped"')), 'the stop was logged').to.equal(true);
  });
});
