import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { fieldName, type JsonValue } from './manifest-template.js';

/**
 * Checks a filled manifest offline: against the JSON schema that
 * @microsoft/app-manifest bundles for its manifestVersion (passed in, so the
 * library never fetches one), then the icon files the schema cannot see.
 * Every problem reads `field: problem`.
 */

const schemasDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')), 'build/json-schemas/teams');

/** Manifest schema versions the installed package bundles, oldest first ("1.9" before "1.10"). */
export function bundledManifestVersions(): string[] {
  return fs
    .readdirSync(schemasDir)
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => !!m && fs.existsSync(path.join(schemasDir, m[0], 'MicrosoftTeams.schema.json')))
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
}

function bundledSchema(version: string): object | undefined {
  const file = path.join(schemasDir, `v${version}`, 'MicrosoftTeams.schema.json');
  // The library's own loader makes the same substitution: some schemas hold \a and \v escapes JSON lacks.
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) : undefined;
}

export async function schemaProblems(manifest: Record<string, JsonValue>): Promise<string[]> {
  const version = manifest.manifestVersion;
  const schema = typeof version === 'string' ? bundledSchema(version) : undefined;
  if (!schema) {
    return [`manifestVersion: ${JSON.stringify(version)} is not a schema version @microsoft/app-manifest bundles (${bundledManifestVersions().slice(-3).join(', ')}, ...)`];
  }
  const failures = await AppManifestUtils.validateAgainstSchema(manifest as unknown as TeamsManifest, schema as never);
  return [...new Set(failures.map(describeFailure))];
}

/**
 * Teams limits that schema 1.30 no longer states: a bot command (shown as a prompt starter
 * in the compose area) has a title of at most 32 characters and a description of at most 128.
 */
export const COMMAND_TITLE_MAX = 32;
export const COMMAND_DESCRIPTION_MAX = 128;

export function commandProblems(manifest: Record<string, JsonValue>): string[] {
  const problems: string[] = [];
  const list = (v: JsonValue | undefined) => (Array.isArray(v) ? v : []);
  list(manifest.bots).forEach((bot, b) => {
    if (!bot || typeof bot !== 'object' || Array.isArray(bot)) return;
    list(bot.commandLists).forEach((commandList, l) => {
      if (!commandList || typeof commandList !== 'object' || Array.isArray(commandList)) return;
      list(commandList.commands).forEach((command, c) => {
        if (!command || typeof command !== 'object' || Array.isArray(command)) return;
        const field = `bots[${b}].commandLists[${l}].commands[${c}]`;
        if (typeof command.title === 'string' && command.title.length > COMMAND_TITLE_MAX) {
          problems.push(`${field}.title: "${command.title}" is ${command.title.length} characters; Teams shows at most ${COMMAND_TITLE_MAX}`);
        }
        if (typeof command.description === 'string' && command.description.length > COMMAND_DESCRIPTION_MAX) {
          problems.push(`${field}.description: is ${command.description.length} characters; Teams shows at most ${COMMAND_DESCRIPTION_MAX}`);
        }
      });
    });
  });
  return problems;
}

/** The library reports `INSTANCE_PATH MESSAGE. Details: PARAMS_JSON`; we report `field: problem`. */
function describeFailure(failure: string): string {
  const m = /^(\S*) (.*?)\. Details: (.*)$/s.exec(failure);
  if (!m) return failure;
  const [, pointer = '', message = '', paramsText = ''] = m;
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(paramsText) as Record<string, unknown>;
  } catch {
    // Leave params empty: the message alone still names the field.
  }
  const field = fieldName(pointer);
  const join = (child: string) => (field ? `${field}.${child}` : child);
  if (typeof params.missingProperty === 'string') return `${join(params.missingProperty)}: is required`;
  if (typeof params.additionalProperty === 'string') return `${join(params.additionalProperty)}: is not a manifest field here`;
  return `${field || '(root)'}: ${message}`;
}

interface IconRule {
  readonly field: 'icons.color' | 'icons.outline';
  readonly size: number;
  /** Teams draws the outline icon in its own colours, so it must be white on transparent. */
  readonly whiteOnTransparent: boolean;
}

const ICON_RULES: readonly IconRule[] = [
  { field: 'icons.color', size: 192, whiteOnTransparent: false },
  { field: 'icons.outline', size: 32, whiteOnTransparent: true },
];

/** Checks the icons the manifest names exist beside it in `dir` and are the PNGs Teams accepts. Returns the files to package. */
export function iconProblems(manifest: Record<string, JsonValue>, dir: string): { problems: string[]; files: Map<string, Buffer> } {
  const problems: string[] = [];
  const files = new Map<string, Buffer>();
  const icons = manifest.icons && typeof manifest.icons === 'object' && !Array.isArray(manifest.icons) ? manifest.icons : {};
  for (const rule of ICON_RULES) {
    const name = icons[rule.field.slice('icons.'.length)];
    if (typeof name !== 'string') continue; // the schema check reports it
    // Teams reads icons from the root of the package, so a name is a plain file name.
    if (!/^[A-Za-z0-9._-]+\.png$/i.test(name) || name.startsWith('.')) {
      problems.push(`${rule.field}: "${name}" must be a .png file name in the manifest folder, with no directory`);
      continue;
    }
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      problems.push(`${rule.field}: ${name} not found in ${dir}`);
      continue;
    }
    const bytes = fs.readFileSync(file);
    const problem = checkIcon(bytes, rule);
    if (problem) problems.push(`${rule.field}: ${name} ${problem}`);
    else files.set(name, bytes);
  }
  return { problems, files };
}

function checkIcon(bytes: Buffer, rule: IconRule): string | undefined {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    return 'is not a PNG image';
  }
  if (png.width !== rule.size || png.height !== rule.size) return `must be ${rule.size}x${rule.size} pixels (it is ${png.width}x${png.height})`;
  if (!rule.whiteOnTransparent) return undefined;
  let transparent = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
    if (a === 0) transparent++;
    else if (r < 250 || g < 250 || b < 250) {
      const px = (i / 4) % png.width;
      const py = Math.floor(i / 4 / png.width);
      return `must be white on a transparent background (pixel ${px},${py} is #${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')})`;
    }
  }
  return transparent === 0 ? 'must have a transparent background (no pixel is transparent)' : undefined;
}
