/** What every card needs to know about where it is shown. */
export interface CardContext {
  /** Base URL of this service, for "Read in full" links. */
  readonly publicUrl: string;
  /** The Teams app id (manifest `id`): "Read in full" then opens the Guidance tab. */
  readonly teamsAppId?: string | undefined;
  readonly settings: Readonly<Record<string, string>>;
}

/**
 * Where "Read in full" goes: with a Teams app id, a deep link that opens the
 * Guidance tab at the document (the tab reads the sub-entity id from its Teams
 * context); without one, the web page.
 */
export function documentUrl(ctx: CardContext, docId: string, anchor?: string): string {
  if (!ctx.teamsAppId) return guidancePageUrl(ctx.publicUrl, docId, anchor);
  const context = JSON.stringify({ subEntityId: anchor ? `${docId}#${anchor}` : docId });
  const params = new URLSearchParams({ webUrl: guidancePageUrl(ctx.publicUrl, docId, anchor), label: 'Guidance', context });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(ctx.teamsAppId)}/${GUIDANCE_TAB_ENTITY_ID}?${params.toString()}`;
}

/** The static tab's entityId in the manifest. */
export const GUIDANCE_TAB_ENTITY_ID = 'guidance';

export function guidancePageUrl(publicUrl: string, docId: string, anchor?: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/guidance/${encodeURIComponent(docId)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

// Settings objects are created once per content pack, so their identity marks the version.
const versions = new WeakMap<object, number>();
let nextVersion = 1;
export function packVersion(settings: object): number {
  let v = versions.get(settings);
  if (v === undefined) versions.set(settings, (v = nextVersion++));
  return v;
}
