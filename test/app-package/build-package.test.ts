import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { buildAppPackage, templateValues, type PackageSettings } from '../../src/app-package/build-package.js';
import { bundledManifestVersions, schemaProblems } from '../../src/app-package/validate-manifest.js';
import { isAppError } from '../../src/errors.js';
import { runLma } from '../helpers/cli.js';
import { REPO_ROOT, tempDir } from '../helpers/test-server.js';
import { WELCOME_STARTERS } from '../../src/bot/prompt-starters.js';

const TEMPLATE = path.join(REPO_ROOT, 'manifest');
const BOT_ID = '11111111-2222-3333-4444-555555555555';
const AAD_CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const SETTINGS: PackageSettings = {
  botId: BOT_ID,
  botDomain: 'lma.example.nhs.uk',
  aadClientId: AAD_CLIENT_ID,
  appId: undefined,
  appVersion: '1.2.3',
  privacyUrl: 'https://www.example.nhs.uk/privacy',
  termsUrl: undefined,
};
const ENV = {
  MicrosoftAppId: BOT_ID,
  MicrosoftAppPassword: 'not-a-real-secret',
  MicrosoftAppTenantId: '99999999-8888-7777-6666-555555555555',
  BOT_DOMAIN: 'lma.example.nhs.uk',
  AAD_CLIENT_ID,
  AAD_TENANT_ID: '99999999-8888-7777-6666-555555555555',
};

/** A copy of the real template folder that a test may break. */
function templateCopy(change: (dir: string, manifest: any) => void = () => {}): string {
  const dir = tempDir('lma-manifest-');
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  change(dir, manifest);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await buildAppPackage(dir, templateValues(SETTINGS));
  } catch (err) {
    if (isAppError(err) && err.code === 'VALIDATION') return [...err.details];
    throw err;
  }
  throw new Error('expected the package to be refused');
}

describe('Teams app package', () => {
  it('uses the newest manifest schema version that @microsoft/app-manifest bundles', () => {
    const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'manifest.json'), 'utf8'));
    const newest = bundledManifestVersions().at(-1);
    expect(template.manifestVersion).to.equal(newest);
    expect(template.$schema).to.contain(`/v${newest}/`);
  });

  it('builds a zip of manifest.json and both icons whose manifest validates against the bundled schema', async () => {
    const pkg = await buildAppPackage(TEMPLATE, templateValues(SETTINGS));
    const files = unzipSync(pkg.zip);
    expect(Object.keys(files).sort()).to.deep.equal(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json']!).toString('utf8'));
    expect(await schemaProblems(manifest)).to.deep.equal([]);
    expect(JSON.stringify(manifest)).not.to.contain('${{');

    expect(manifest.id).to.equal(BOT_ID);
    expect(manifest.version).to.equal('1.2.3');
    expect(manifest.bots[0].botId).to.equal(BOT_ID);
    expect(manifest.bots[0].scopes).to.have.members(['personal', 'team', 'groupChat']);
    const personal = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('personal'));
    expect(personal.commands.map((c: any) => c.title)).to.include.members(['Someone has rung in sick', 'Show my reminders', 'Browse topics', 'help']);
    expect(manifest.composeExtensions[0].botId).to.equal(BOT_ID);
    expect(manifest.composeExtensions[0].commands[0]).to.include({ id: 'searchGuidance', type: 'query', initialRun: true });
    const tabs = Object.fromEntries(manifest.staticTabs.filter((t: any) => t.contentUrl).map((t: any) => [t.name, t.contentUrl]));
    expect(tabs).to.deep.equal({
      Guidance: 'https://lma.example.nhs.uk/tabs/guidance/',
      'My team': 'https://lma.example.nhs.uk/tabs/my-team/',
      'HR admin': 'https://lma.example.nhs.uk/tabs/admin/',
    });
    expect(manifest.webApplicationInfo).to.deep.equal({ id: AAD_CLIENT_ID, resource: `api://lma.example.nhs.uk/${AAD_CLIENT_ID}` });
    expect(manifest.validDomains).to.deep.equal(['lma.example.nhs.uk']);
    expect(manifest.developer.privacyUrl).to.equal('https://www.example.nhs.uk/privacy');
    expect(manifest.developer.termsOfUseUrl).to.equal('https://lma.example.nhs.uk/tabs/guidance/');

    const color = PNG.sync.read(Buffer.from(files['color.png']!));
    expect([color.width, color.height]).to.deep.equal([192, 192]);
    const outline = PNG.sync.read(Buffer.from(files['outline.png']!));
    expect([outline.width, outline.height]).to.deep.equal([32, 32]);
  });

  it('offers the welcome card\'s questions as prompt starters in personal chat, within Teams\' length limits', async () => {
    const pkg = await buildAppPackage(TEMPLATE, templateValues(SETTINGS));
    const manifest = pkg.manifest as any;
    const personal = manifest.bots[0].commandLists.find((l: any) => l.scopes.includes('personal'));
    // Question-style starters, shown in the compose area: each welcome starter, with the same title and prompt.
    const prompts = new Map(personal.commands.filter((c: any) => c.type === 'prompt').map((c: any) => [c.title, c]));
    for (const starter of WELCOME_STARTERS) expect(prompts.get(starter.title), starter.title).to.include({ type: 'prompt', prompt: starter.prompt });
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).to.be.at.most(12);
      for (const c of list.commands) {
        expect(c.title.length, c.title).to.be.at.most(32);
        expect(c.description.length, c.title).to.be.within(1, 128);
      }
    }
  });

  it('refuses a command title over 32 characters or a description over 128, naming the field', async () => {
    const problems = await problemsOf(
      templateCopy((_d, m) => {
        m.bots[0].commandLists[0].commands[0].title = 'What should I do when someone rings in sick today?';
        m.bots[0].commandLists[1].commands[1].description = 'x'.repeat(129);
      }),
    );
    expect(problems).to.deep.equal([
      'bots[0].commandLists[0].commands[0].title: "What should I do when someone rings in sick today?" is 50 characters; Teams shows at most 32',
      'bots[0].commandLists[1].commands[1].description: is 129 characters; Teams shows at most 128',
    ]);
  });

  it('gives the same bytes for the same inputs', async () => {
    const a = await buildAppPackage(TEMPLATE, templateValues(SETTINGS));
    const b = await buildAppPackage(TEMPLATE, templateValues(SETTINGS));
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).to.equal(true);
  });

  it('refuses a template with a missing icon, naming the field', async () => {
    const problems = await problemsOf(templateCopy((dir) => fs.rmSync(path.join(dir, 'outline.png'))));
    expect(problems).to.deep.equal([`icons.outline: outline.png not found in ${problems[0]!.split(' not found in ')[1]}`]);
    expect(await problemsOf(templateCopy((_d, m) => delete m.icons.color))).to.include('icons.color: is required');
  });

  it('refuses a bad accent colour, naming the field', async () => {
    const problems = await problemsOf(templateCopy((_d, m) => (m.accentColor = 'NHS blue')));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^accentColor: must match pattern/);
  });

  it('refuses icons of the wrong size, or an outline icon that is not white on transparent', async () => {
    const square = (size: number, rgba: [number, number, number, number]) => {
      const png = new PNG({ width: size, height: size });
      for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
      return PNG.sync.write(png);
    };
    const small = await problemsOf(templateCopy((dir) => fs.writeFileSync(path.join(dir, 'color.png'), square(96, [0, 94, 184, 255]))));
    expect(small).to.deep.equal(['icons.color: color.png must be 192x192 pixels (it is 96x96)']);
    const blue = await problemsOf(templateCopy((dir) => fs.writeFileSync(path.join(dir, 'outline.png'), square(32, [0, 94, 184, 255]))));
    expect(blue[0]).to.match(/^icons\.outline: outline\.png must be white on a transparent background/);
    const notPng = await problemsOf(templateCopy((dir) => fs.writeFileSync(path.join(dir, 'color.png'), 'not an image')));
    expect(notPng).to.deep.equal(['icons.color: color.png is not a PNG image']);
    const escape = await problemsOf(templateCopy((_d, m) => (m.icons.color = '../color.png')));
    expect(escape[0]).to.match(/^icons\.color: "\.\.\/color\.png" must be a \.png file name/);
  });

  it('names the field holding an unknown placeholder, and a field the schema does not know', async () => {
    const unknown = await problemsOf(templateCopy((_d, m) => (m.developer.websiteUrl = 'https://${{WEBSITE}}/')));
    expect(unknown[0]).to.match(/^developer\.websiteUrl: unknown placeholder \$\{\{WEBSITE\}\}/);
    const extra = await problemsOf(templateCopy((_d, m) => (m.staticTabs[1].colour = 'blue')));
    expect(extra).to.deep.equal(['staticTabs[1].colour: is not a manifest field here']);
  });

  it('names the variable or option when a value is missing or malformed', () => {
    const message = (change: Partial<PackageSettings>) => {
      try {
        templateValues({ ...SETTINGS, ...change });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(message({ botId: undefined })).to.match(/^MicrosoftAppId: required/);
    expect(message({ botId: undefined, botDomain: undefined })).to.match(/^MicrosoftAppId and BOT_DOMAIN: required/);
    expect(templateValues({ ...SETTINGS, aadClientId: undefined }).AAD_CLIENT_ID, "SSO falls back to the bot's app").to.equal(BOT_ID);
    expect(message({ aadClientId: 'x' })).to.match(/^AAD_CLIENT_ID: must be a GUID/);
    expect(message({ botId: 'my-bot' })).to.match(/^MicrosoftAppId: must be a GUID/);
    expect(message({ botDomain: undefined })).to.match(/^BOT_DOMAIN: required/);
    expect(message({ appId: 'x' })).to.match(/^TEAMS_APP_ID: must be a GUID/);
    expect(message({ appVersion: '1.0' })).to.match(/^--app-version: "1.0" must be MAJOR.MINOR.PATCH/);
    expect(message({ privacyUrl: 'http://example.nhs.uk' })).to.match(/^--privacy-url: must be an https:\/\/ address/);
    expect(message({ appId: '22222222-2222-3333-4444-555555555555' })).to.equal('accepted');
  });

  describe('lma package', function () {
    it('writes the app package from the configuration and exits 0', async () => {
      const zip = path.join(tempDir('lma-package-'), 'build', 'appPackage.zip');
      const r = await runLma(['package', '--app-version', '2.0.1', '--out', zip], ENV);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.contain(zip);
      const manifest = JSON.parse(Buffer.from(unzipSync(fs.readFileSync(zip))['manifest.json']!).toString('utf8'));
      expect(manifest.version).to.equal('2.0.1');
      expect(manifest.bots[0].botId).to.equal(BOT_ID);
    });

    it('takes BOT_DOMAIN from PUBLIC_URL when it is not set', async () => {
      const zip = path.join(tempDir('lma-package-'), 'app.zip');
      const { BOT_DOMAIN: _unset, ...env } = ENV;
      const r = await runLma(['package', '--out', zip], { ...env, PUBLIC_URL: 'https://assistant.example.nhs.uk' });
      expect(r.code, r.stderr).to.equal(0);
      const manifest = JSON.parse(Buffer.from(unzipSync(fs.readFileSync(zip))['manifest.json']!).toString('utf8'));
      expect(manifest.validDomains).to.deep.equal(['assistant.example.nhs.uk']);
    });

    it('needs only MicrosoftAppId and BOT_DOMAIN: no secret, no tenant (nothing of theirs goes into the package)', async () => {
      const zip = path.join(tempDir('lma-package-'), 'app.zip');
      const r = await runLma(['package', '--out', zip], { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'lma.example.nhs.uk' });
      expect(r.code, r.stderr).to.equal(0);
      const manifest = JSON.parse(Buffer.from(unzipSync(fs.readFileSync(zip))['manifest.json']!).toString('utf8'));
      expect(manifest.id).to.equal(BOT_ID);
      expect(manifest.webApplicationInfo).to.deep.equal({ id: BOT_ID, resource: `api://lma.example.nhs.uk/${BOT_ID}` });
      expect(r.stdout).to.contain('AAD_CLIENT_ID is not set');
      expect(await schemaProblems(manifest)).to.deep.equal([]);
    });

    it('exits 2 naming each variable when configuration is missing or malformed', async () => {
      const out = ['--out', path.join(tempDir(), 'app.zip')];
      const missing = await runLma(['package', ...out], { MicrosoftAppPassword: 'not-a-real-secret' });
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(/^lma: MicrosoftAppId and BOT_DOMAIN: required/);
      expect(missing.stderr).not.to.contain('not-a-real-secret');
      const bad = await runLma(['package', ...out], { ...ENV, BOT_DOMAIN: 'https://lma.example.nhs.uk/' });
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/BOT_DOMAIN: must be a host name/);
    });

    it('exits 1 on a broken template, lists each field, and writes nothing', async () => {
      const outDir = tempDir('lma-package-');
      const template = templateCopy((dir, m) => {
        fs.rmSync(path.join(dir, 'color.png'));
        m.accentColor = '#12345';
      });
      const r = await runLma(['package', '--template', template, '--out', path.join(outDir, 'build', 'app.zip')], ENV);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain('accentColor: must match pattern');
      expect(r.stderr).to.contain('icons.color: color.png not found');
      expect(fs.existsSync(path.join(outDir, 'build'))).to.equal(false);
    });
  });
});
