import { expect } from 'chai';
import { runLma } from '../helpers/cli.js';
import { tempDir } from '../helpers/test-server.js';

describe('lma demo', function () {

  it('is refused under NODE_ENV=production with one line saying why, exit 2, with or without bot credentials', async () => {
    const envs: Record<string, string>[] = [{ NODE_ENV: 'production' }, { NODE_ENV: 'production', MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppTenantId: 'z' }];
    for (const env of envs) {
      const r = await runLma(['demo'], { ...env, DATA_DIR: tempDir() });
      expect(r.code).to.equal(2);
      expect(r.stderr.trim().split('\n')).to.have.length(1);
      expect(r.stderr).to.match(/^lma: demo: refused because NODE_ENV=production/);
    }
  });

  it('adds three labelled demo reports and says what to type; before the chat is opened it says to open it (exit 1); remove takes them out', async () => {
    const dir = tempDir();
    const r = await runLma(['demo', '--wait', '0'], { DATA_DIR: dir });
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('Priya Shah (demo)').and.to.contain('Tom Okafor (demo)').and.to.contain('Grace Lee (demo, new starter)');
    expect(r.stdout).to.contain('"my reminders", "help"').and.to.contain('click "Personal chat"');
    expect(r.stderr).to.match(/^lma: the reminder card was not sent: alexw@example.com has not opened "Personal chat"/);
    const again = await runLma(['demo', '--wait', '0'], { DATA_DIR: dir });
    expect(again.code, 'a second run imports the same rows again').to.equal(1);
    const removed = await runLma(['demo', 'remove'], { DATA_DIR: dir });
    expect(removed.code, removed.stderr).to.equal(0);
    // Three, not six: running the demo twice added nobody twice.
    expect(removed.stdout).to.match(/^3 demo people removed/);
    expect((await runLma(['demo', 'remove'], { DATA_DIR: dir })).stdout).to.match(/^0 demo people removed/);
  });
});
