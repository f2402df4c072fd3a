import { AppError } from '../errors.js';

/**
 * The manifest template is JSON with `${{NAME}}` placeholders in string
 * values. It is parsed first and the placeholders filled in the parsed
 * strings, so a value can never change the JSON's structure.
 */
export const TEMPLATE_VALUE_NAMES = ['APP_ID', 'APP_VERSION', 'BOT_ID', 'BOT_DOMAIN', 'AAD_CLIENT_ID', 'WEBSITE_URL', 'PRIVACY_URL', 'TERMS_URL'] as const;
export type TemplateValueName = (typeof TEMPLATE_VALUE_NAMES)[number];
export type TemplateValues = Readonly<Record<TemplateValueName, string>>;

const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Fills every placeholder; problems name the manifest field (`bots[0].botId: ...`). */
export function fillTemplate(templateText: string, values: TemplateValues): { manifest: Record<string, JsonValue>; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(templateText);
  } catch (err) {
    throw new AppError('VALIDATION', `manifest.json: not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('VALIDATION', 'manifest.json: must be a JSON object');
  }
  const problems: string[] = [];
  const fill = (node: JsonValue, path: string): JsonValue => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        if ((TEMPLATE_VALUE_NAMES as readonly string[]).includes(name)) return values[name as TemplateValueName];
        problems.push(`${path || '(root)'}: unknown placeholder ${whole} (known: ${TEMPLATE_VALUE_NAMES.join(', ')})`);
        return whole;
      });
    }
    if (Array.isArray(node)) return node.map((child, i) => fill(child, `${path}[${i}]`));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, child]) => [k, fill(child, path ? `${path}.${k}` : k)]));
    }
    return node;
  };
  return { manifest: fill(parsed as JsonValue, '') as Record<string, JsonValue>, problems };
}

/** `/bots/0/botId` as `bots[0].botId`, the way people write manifest fields. */
export function fieldName(jsonPointer: string): string {
  return jsonPointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}
