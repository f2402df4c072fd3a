import { expect } from 'chai';
import { localGuide } from '../../src/cli/serve.js';

describe('lma serve in local mode: where to go', () => {
  it('names the Playground chat (open Personal chat), the three tabs and the development sign-in', () => {
    const guide = localGuide('http://127.0.0.1:3978', true);
    expect(guide.chat).to.equal('http://localhost:56150');
    expect(guide.text).to.contain('npm run playground').and.to.contain('http://localhost:56150 and click "Personal chat"');
    expect(Object.values(guide.tabs)).to.deep.equal([
      'http://localhost:3978/tabs/guidance/',
      'http://localhost:3978/tabs/my-team/?as=manager@example.nhs.uk',
      'http://localhost:3978/tabs/admin/',
    ]);
    for (const url of Object.values(guide.tabs)) expect(guide.text).to.contain(url);
    expect(guide.text).to.contain('development sign-in');
    expect(localGuide('http://127.0.0.1:3978', false).text).not.to.contain('development sign-in');
  });
});
