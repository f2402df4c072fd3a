import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { AppError } from '../errors.js';
import { fillTemplate, type JsonValue, type TemplateValues } from './manifest-template.js';
import { commandProblems, iconProblems, schemaProblems } from './validate-manifest.js';

/**
 * The Teams app package: manifest.json filled from the configuration plus
 * the two icons, zipped flat as Teams expects. Nothing is written unless the
 * manifest validates.
 */

/** Where each value comes from, so a bad one names the variable or option to fix. */
export interface PackageSettings {
  /** MicrosoftAppId */
  readonly botId: string | undefined;
  /** BOT_DOMAIN */
  readonly botDomain: string | undefined;
  /** AAD_CLIENT_ID; the bot's id when unset (one Entra app for the bot and the tabs' sign-on). */
  readonly aadClientId: string | undefined;
  /** TEAMS_APP_ID; the bot's id when unset, as Microsoft suggests for a bot app. */
  readonly appId: string | undefined;
  /** --app-version */
  readonly appVersion: string;
  /** --privacy-url and --terms-url; the Guidance tab when unset. */
  readonly privacyUrl: string | undefined;
  readonly termsUrl: string | undefined;
}

const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function templateValues(s: PackageSettings): TemplateValues {
  // Every missing value is named at once, so one run says all there is to set.
  const missing = [
    ...(s.botId ? [] : [["MicrosoftAppId", "the bot's app id"]]),
    ...(s.botDomain ? [] : [['BOT_DOMAIN', 'the host name Teams reaches this service at']]),
  ];
  if (missing.length) {
    throw new AppError(
      'CONFIG_INVALID',
      `${missing.map(([name]) => name).join(' and ')}: required to package the Teams app`,
      missing.map(([name, what]) => `${name}: ${what}`),
    );
  }
  const guid = (name: string, value: string, what: string) => {
    if (!GUID.test(value)) throw new AppError('CONFIG_INVALID', `${name}: must be a GUID such as 00000000-0000-0000-0000-000000000000 (${what})`);
    return value.toLowerCase();
  };
  const botId = guid('MicrosoftAppId', s.botId!, "the bot's app id");
  const botDomain = s.botDomain!;
  const aadClientId = s.aadClientId ? guid('AAD_CLIENT_ID', s.aadClientId, 'the Entra app for single sign-on') : botId;
  const appId = s.appId ? guid('TEAMS_APP_ID', s.appId, 'the Teams app id') : botId;
  if (!SEMVER.test(s.appVersion)) throw new AppError('USAGE', `--app-version: "${s.appVersion}" must be MAJOR.MINOR.PATCH, such as 1.0.0`);
  const https = (name: string, value: string | undefined, fallback: string) => {
    if (value === undefined) return fallback;
    if (!/^https:\/\/\S+$/.test(value)) throw new AppError('USAGE', `${name}: must be an https:// address`);
    return value;
  };
  const guidance = `https://${botDomain}/tabs/guidance/`;
  return {
    APP_ID: appId,
    APP_VERSION: s.appVersion,
    BOT_ID: botId,
    BOT_DOMAIN: botDomain,
    AAD_CLIENT_ID: aadClientId,
    WEBSITE_URL: guidance,
    PRIVACY_URL: https('--privacy-url', s.privacyUrl, guidance),
    TERMS_URL: https('--terms-url', s.termsUrl, guidance),
  };
}

export interface AppPackage {
  readonly manifest: Record<string, JsonValue>;
  /** The zip bytes: manifest.json and the icons, at the root. */
  readonly zip: Uint8Array;
  readonly entries: readonly string[];
}

// A fixed time in every entry, so the same inputs give the same bytes (an unchanged package is recognisable).
const ENTRY_TIME = new Date('2026-01-01T00:00:00Z');

export async function buildAppPackage(templateDir: string, values: TemplateValues): Promise<AppPackage> {
  const templateFile = path.join(templateDir, 'manifest.json');
  if (!fs.existsSync(templateFile)) throw new AppError('USAGE', `no manifest.json in ${templateDir}`);
  const { manifest, problems } = fillTemplate(fs.readFileSync(templateFile, 'utf8'), values);
  const icons = iconProblems(manifest, templateDir);
  problems.push(...(await schemaProblems(manifest)), ...commandProblems(manifest), ...icons.problems);
  if (problems.length) {
    throw new AppError('VALIDATION', `the app package was not written: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, problems);
  }
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {
    'manifest.json': [Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), { mtime: ENTRY_TIME }],
  };
  for (const [name, bytes] of icons.files) entries[name] = [bytes, { mtime: ENTRY_TIME }];
  return { manifest, zip: zipSync(entries, { level: 9 }), entries: Object.keys(entries) };
}

export function writeAppPackage(pkg: AppPackage, outFile: string): void {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Written beside and renamed, so a failed write never leaves half a zip where the last good one was.
  const temporary = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, pkg.zip);
  fs.renameSync(temporary, outFile);
}
