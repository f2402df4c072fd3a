/** The configuration as the rest of the service sees it: read once, validated, frozen (see loadConfig). */

export interface BotCredentials {
  readonly appId: string;
  readonly appPassword: string | undefined;
  readonly tenantId: string | undefined;
  readonly appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
}

/**
 * How the tabs' API checks who is calling. `entra`: Teams SSO tokens checked
 * against a JSON Web Key Set. `dev`: local mode only (no bot credentials), tokens
 * from the development sign-in signed by a key made at start. `none`: bot credentials
 * without Entra settings; every signed-in route refuses.
 */
export type AuthConfig =
  | {
      readonly mode: 'entra';
      readonly jwksUrl: string;
      readonly issuers: readonly string[];
      readonly audiences: readonly string[];
      readonly hrUserIds: readonly string[];
      readonly hrGroupIds: readonly string[];
    }
  | { readonly mode: 'dev' | 'none'; readonly hrUserIds: readonly string[]; readonly hrGroupIds: readonly string[] };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Base URL people reach this service at, for links on cards. */
  readonly publicUrl: string;
  /** The Teams app's id (manifest `id`); when set, "Read in full" links open the Guidance tab. */
  readonly teamsAppId: string | undefined;
  /** Undefined means local mode: no Bot Framework authentication. */
  readonly bot: BotCredentials | undefined;
  readonly store: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly dataDir: string;
  readonly contentDir: string;
  readonly logLevel: string;
  readonly maxRequestBytes: number;
  readonly shutdownTimeoutMs: number;
  /** A client must send its request's headers within this, and the whole request (roster uploads too) within requestTimeoutMs. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** How often each instance looks for newly published content; 0 turns live reload off. */
  readonly contentPollMs: number;
  /** Dashboard groups smaller than this (people) are merged into "other". */
  readonly minGroupSize: number;
  /** The Teams team (its id) whose channel gets questions to HR; else chosen in the admin tab. */
  readonly hrTeamId: string | undefined;
  /** What `lma package` puts in the Teams app manifest. */
  readonly teamsApp: {
    /** Host name Teams reaches the service at: BOT_DOMAIN, else PUBLIC_URL's host. */
    readonly botDomain: string | undefined;
    readonly aadClientId: string | undefined;
  };
  readonly auth: AuthConfig;
  /** Per-user requests a minute on /api/ routes. */
  readonly apiRatePerMinute: number;
  readonly privacy: {
    /** Question logs and unanswered texts older than this are deleted. */
    readonly questionRetentionDays: number;
    /** How often the retention job runs; 0 turns it off on this instance. */
    readonly retentionIntervalMs: number;
  };
  readonly limits: {
    /** Longest question answered; longer gets a "please ask a shorter question" card. */
    readonly maxQuestionChars: number;
    /** Questions one person may ask a minute; 0 means no limit. */
    readonly questionsPerMinute: number;
    /** How long a chat reply may take before "typing..." is shown; 0 shows it before every reply. */
    readonly typingDelayMs: number;
    readonly rosterMaxBytes: number;
    readonly rosterMaxRows: number;
    /** Largest content document (Markdown file) the validator accepts. */
    readonly contentMaxDocumentBytes: number;
  };
  readonly nudges: {
    readonly nation: 'england-and-wales' | 'scotland' | 'northern-ireland';
    readonly defaultCadenceWeeks: number;
    /** Messages a second; 0 means no cap. */
    readonly ratePerSecond: number;
    /** How often the dispatcher looks for due nudges; 0 turns it off. */
    readonly intervalMs: number;
    /** How long a claim lasts; a crashed instance's nudges are taken over after this. */
    readonly leaseMs: number;
    /** Longest wait for the connector to answer one send. */
    readonly sendTimeoutMs: number;
    /** First retry delay after a transient send failure (doubles each attempt, with jitter). */
    readonly retryBaseMs: number;
  };
}

/** What `lma package` writes into the Teams app package, and nothing else. */
export interface TeamsAppConfig {
  readonly botId: string | undefined;
  /** BOT_DOMAIN, else PUBLIC_URL's host. */
  readonly botDomain: string | undefined;
  readonly aadClientId: string | undefined;
  readonly teamsAppId: string | undefined;
}
