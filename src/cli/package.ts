import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { buildAppPackage, templateValues, writeAppPackage } from '../app-package/build-package.js';
import { loadTeamsAppConfig } from '../config.js';
import type { CliIO } from './main.js';

const ROOT = projectRoot();

export function packageCommand(io: CliIO): Command {
  return new Command('package')
    .description('fill the Teams app manifest from the configuration, validate it offline and write the app package (zip)')
    .option('--template <dir>', 'folder holding manifest.json and the icons', path.join(ROOT, 'manifest'))
    .option('--out <file>', 'where to write the zip', path.join('build', 'appPackage.zip'))
    .option('--app-version <semver>', 'the app version; raise it for every package you upload', projectVersion())
    .option('--privacy-url <url>', "your trust's privacy notice (default: the Guidance tab)")
    .option('--terms-url <url>', 'terms of use (default: the Guidance tab)')
    .action(async (opts: { template: string; out: string; appVersion: string; privacyUrl?: string; termsUrl?: string }) => {
      const config = loadTeamsAppConfig(io.env);
      const values = templateValues({
        botId: config.botId,
        botDomain: config.botDomain,
        aadClientId: config.aadClientId,
        appId: config.teamsAppId,
        appVersion: opts.appVersion,
        privacyUrl: opts.privacyUrl,
        termsUrl: opts.termsUrl,
      });
      const pkg = await buildAppPackage(path.resolve(opts.template), values);
      const out = path.resolve(opts.out);
      writeAppPackage(pkg, out);
      io.out(`wrote ${out} (${pkg.entries.join(', ')}; ${pkg.zip.length} bytes): app ${values.APP_ID} version ${values.APP_VERSION}, manifest ${String(pkg.manifest.manifestVersion)}, bot ${values.BOT_ID} at ${values.BOT_DOMAIN}\n`);
      if (!config.aadClientId) {
        io.out(`single sign-on (tabs): AAD_CLIENT_ID is not set, so the package uses the bot's app registration (${values.AAD_CLIENT_ID}); expose api://${values.BOT_DOMAIN}/${values.AAD_CLIENT_ID} on it and give the service AAD_CLIENT_ID=${values.AAD_CLIENT_ID}\n`);
      }
    });
}

/** The folder holding package.json, from src/cli (tsx) or dist/src/cli (built). */
function projectRoot(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5 && !fs.existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  return dir;
}

function projectVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
