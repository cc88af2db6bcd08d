import { BotError } from '../src/errors.js';
import { isLoopbackHost } from '../src/loopback.js';
import type { Locale } from '../src/reply/reply-model.js';
import { canonicalZone } from '../src/commands/parse-command.js';
import { defaultOf, type DefaultedName, type VariableName } from './config-variables.js';

/**
 * All configuration, validated once at start. Every problem is reported at once, each with how to fix it.
 * Variables: adapters/config-variables.ts (names, defaults, descriptions), .env.example and README.
 */
export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  /** Id or short name of the document unqualified references mean; checked against the corpus at start. */
  defaultDocument?: string;
  databasePath: string;
  /** PostgreSQL instead of the SQLite file at databasePath. */
  databaseUrl?: string;
  botLocale: Locale;
  digestTimeZone: string;
  playground: boolean;
  /** pino level for the JSON logs on stdout. */
  logLevel: LogLevel;
  /** Put the question text into request log lines (off: privacy by default). */
  logQuestions: boolean;
  /** Serve Prometheus metrics at GET /metrics. */
  metrics: boolean;
  slack?: {
    /** One workspace: its bot token. Absent in OAuth mode, where each installation brings its own. */
    botToken?: string;
    signingSecret: string;
    appToken?: string;
    apiUrl?: string;
    command: string;
    /** Many workspaces (and Enterprise Grid organisations) install the app through Slack's OAuth flow. */
    oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  };
  teams: {
    /** off: /api/messages refuses with a hint; anonymous: local tools on loopback (TEAMS_ANONYMOUS=on); authenticated: MicrosoftAppId. */
    mode: TeamsMode;
    appId?: string;
    appPassword?: string;
    appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** Microsoft Entra ID authority for the start-up token check. */
    loginUrl: string;
  };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type TeamsMode = 'off' | 'anonymous' | 'authenticated';

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const get = (name: VariableName) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const value = (name: DefaultedName) => get(name) ?? defaultOf(name);

  const portRaw = value('PORT');
  const port = Number(portRaw);
  if (!/^\d+$/u.test(portRaw) || port > 65535) problems.push(`PORT="${portRaw}" is not a port number: use a whole number from 0 to 65535 (0 picks a free port).`);

  const locale = value('BOT_LOCALE').toLowerCase();
  if (locale !== 'zh' && locale !== 'en') problems.push(`BOT_LOCALE="${locale}" is not supported: use zh or en.`);

  const zoneRaw = value('DIGEST_TIMEZONE');
  const zone = canonicalZone(zoneRaw);
  if (!zone) problems.push(`DIGEST_TIMEZONE="${zoneRaw}" is not an IANA time zone: use a name such as UTC, Europe/Vienna or Asia/Shanghai.`);

  const onOff = (name: DefaultedName, raw: string): boolean => {
    if (!['on', 'off', 'true', 'false', '1', '0'].includes(raw.toLowerCase())) problems.push(`${name}="${raw}" must be on or off.`);
    return ['on', 'true', '1'].includes(raw.toLowerCase());
  };
  const playground = onOff('PLAYGROUND', value('PLAYGROUND'));
  const logQuestions = onOff('LOG_QUESTIONS', value('LOG_QUESTIONS'));
  const metrics = onOff('METRICS', value('METRICS'));
  const loginUrl = value('MICROSOFT_LOGIN_URL');
  if (!/^https?:\/\/[^\s/]+/u.test(loginUrl)) problems.push(`MICROSOFT_LOGIN_URL="${loginUrl}" must be an http(s) URL such as https://login.microsoftonline.com.`);
  const logLevel = value('LOG_LEVEL').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" is not a level: use one of ${LOG_LEVELS.join(', ')}.`);

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl && !/^postgres(?:ql)?:\/\/\S+$/u.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a PostgreSQL connection string such as postgres://user:password@db.example.org:5432/ssrbot (or leave it empty to use the SQLite file at DATABASE_PATH).');
  }

  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  const apiUrl = get('SLACK_API_URL');
  const command = value('SLACK_COMMAND');
  const clientId = get('SLACK_CLIENT_ID');
  const clientSecret = get('SLACK_CLIENT_SECRET');
  const stateSecret = get('SLACK_STATE_SECRET');
  let slack: Config['slack'];
  if (clientId || clientSecret || stateSecret) {
    problems.push(...slackOAuthProblems({ clientId, clientSecret, stateSecret, botToken, signingSecret, appToken }));
    if (clientId && clientSecret && stateSecret && signingSecret) slack = { signingSecret, apiUrl, command, oauth: { clientId, clientSecret, stateSecret } };
  } else if (botToken || signingSecret || appToken) {
    problems.push(...slackCredentialProblems(botToken, signingSecret, appToken));
    if (botToken && (signingSecret || appToken)) slack = { botToken, signingSecret: signingSecret ?? '', appToken, apiUrl, command };
  }
  if (apiUrl && !/^https?:\/\/[^\s]+\/$/u.test(apiUrl)) problems.push(`SLACK_API_URL="${apiUrl}" must be an http(s) URL ending in "/", e.g. https://slack.com/api/.`);
  if (!/^\/[a-z0-9_-]{1,31}$/u.test(command)) problems.push(`SLACK_COMMAND="${command}" must be a slash command such as /ssr.`);

  const appId = get('MicrosoftAppId');
  const appPassword = get('MicrosoftAppPassword');
  const appTypeRaw = value('MicrosoftAppType');
  const tenantId = get('MicrosoftAppTenantId');
  const appType = (['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const).find((t) => t.toLowerCase() === appTypeRaw.toLowerCase());
  if (!appType) problems.push(`MicrosoftAppType="${appTypeRaw}" must be SingleTenant, MultiTenant or UserAssignedMSI.`);
  problems.push(...teamsCredentialProblems(appId, appPassword, appType, tenantId));

  const host = value('HOST');
  const anonymousRaw = value('TEAMS_ANONYMOUS').toLowerCase();
  if (!['on', 'off'].includes(anonymousRaw)) problems.push(`TEAMS_ANONYMOUS="${anonymousRaw}" must be on or off.`);
  const anonymous = anonymousRaw === 'on';
  if (anonymous && appId) problems.push('TEAMS_ANONYMOUS=on and MicrosoftAppId are both set: anonymous mode is for local tools without an app registration; remove one of them.');
  if (anonymous && !isLoopbackHost(host)) {
    problems.push(`TEAMS_ANONYMOUS=on needs HOST to be a loopback address, but HOST="${host}": anonymous Teams accepts unauthenticated activities, so set HOST=127.0.0.1 (or ::1), or set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId instead.`);
  }

  if (problems.length) {
    throw new BotError('CONFIG_INVALID', `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these in .env (see .env.example) or the environment, then start again.`, { details: problems });
  }
  return {
    port,
    host,
    corpusDir: value('CORPUS_DIR'),
    defaultDocument: get('DEFAULT_DOCUMENT'),
    databasePath: value('DATABASE_PATH'),
    databaseUrl,
    botLocale: locale as Locale,
    digestTimeZone: zone!,
    playground,
    logLevel: logLevel as LogLevel,
    logQuestions,
    metrics,
    slack,
    teams: { mode: appId ? 'authenticated' : anonymous ? 'anonymous' : 'off', appId, appPassword, appType: appType ?? 'SingleTenant', tenantId, loginUrl },
  };
}

/** An Azure AD (Entra ID) application or directory id: 8-4-4-4-12 hexadecimal digits. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

/** Slack rejects these at the first request; each message says where in the app settings the right value is. */
function slackCredentialProblems(botToken?: string, signingSecret?: string, appToken?: string): string[] {
  const problems: string[] = [];
  if (!botToken) {
    problems.push('SLACK_BOT_TOKEN is missing: install the app to your workspace, then copy the Bot User OAuth Token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page.');
  } else if (!botToken.startsWith('xoxb-')) {
    const hint = botToken.startsWith('xapp-') ? ' — that is the app-level token, which belongs in SLACK_APP_TOKEN' : botToken.startsWith('xoxp-') ? ' — that is a user token' : '';
    problems.push(`SLACK_BOT_TOKEN does not start with xoxb-${hint}: use the Bot User OAuth Token (xoxb-…) from "OAuth & Permissions" (install the app first).`);
  }
  if (!signingSecret && !appToken) {
    problems.push('SLACK_SIGNING_SECRET is missing: copy Signing Secret from your Slack app\'s "Basic Information" → App Credentials (or set SLACK_APP_TOKEN for Socket Mode).');
  } else if (signingSecret && !/^[0-9a-f]{32}$/u.test(signingSecret)) {
    problems.push(`SLACK_SIGNING_SECRET is not a signing secret (32 hexadecimal characters; this value has ${signingSecret.length} characters): copy Signing Secret from "Basic Information" → App Credentials (press Show) — not the Client Secret or the Verification Token.`);
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    const hint = appToken.startsWith('xoxb-') ? ' — that is the bot token, which belongs in SLACK_BOT_TOKEN' : '';
    problems.push(`SLACK_APP_TOKEN does not start with xapp-${hint}: use an app-level token from "Basic Information" → App-Level Tokens → Generate Token and Scopes, with scope connections:write.`);
  }
  return problems;
}

/** Many workspaces: the app's OAuth credentials (Basic Information → App Credentials) over HTTP, and no single bot token. */
function slackOAuthProblems(v: { clientId?: string; clientSecret?: string; stateSecret?: string; botToken?: string; signingSecret?: string; appToken?: string }): string[] {
  const problems: string[] = [];
  if (!v.clientId) problems.push('SLACK_CLIENT_ID is missing: copy Client ID from your Slack app\'s "Basic Information" → App Credentials (or remove SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for one workspace with SLACK_BOT_TOKEN).');
  else if (!/^\d+\.\d+$/u.test(v.clientId)) problems.push(`SLACK_CLIENT_ID="${v.clientId}" is not a client id (digits, a dot, digits): copy Client ID from "Basic Information" → App Credentials — not the App ID.`);
  if (!v.clientSecret) problems.push('SLACK_CLIENT_SECRET is missing: copy Client Secret from "Basic Information" → App Credentials (press Show).');
  else if (!/^[0-9a-f]{32}$/u.test(v.clientSecret)) problems.push(`SLACK_CLIENT_SECRET is not a client secret (32 hexadecimal characters; this value has ${v.clientSecret.length} characters): copy Client Secret from "Basic Information" → App Credentials — not the Signing Secret.`);
  if (!v.stateSecret) problems.push('SLACK_STATE_SECRET is missing: choose a long random string (e.g. the output of `openssl rand -hex 32`), the same on every replica; it signs the state of each installation.');
  else if (v.stateSecret.length < 32) problems.push(`SLACK_STATE_SECRET has ${v.stateSecret.length} characters: use at least 32 random ones (e.g. \`openssl rand -hex 32\`), the same on every replica.`);
  if (!v.signingSecret) problems.push('SLACK_SIGNING_SECRET is missing: installing through OAuth works over HTTP only; copy Signing Secret from "Basic Information" → App Credentials.');
  else if (!/^[0-9a-f]{32}$/u.test(v.signingSecret)) problems.push(`SLACK_SIGNING_SECRET is not a signing secret (32 hexadecimal characters; this value has ${v.signingSecret.length} characters): copy Signing Secret from "Basic Information" → App Credentials (press Show).`);
  if (v.botToken) problems.push('SLACK_BOT_TOKEN is set together with SLACK_CLIENT_ID: with OAuth each workspace\'s token comes from its installation. Remove SLACK_BOT_TOKEN (or the SLACK_CLIENT_* and SLACK_STATE_SECRET variables to serve one workspace).');
  if (v.appToken) problems.push('SLACK_APP_TOKEN is set together with SLACK_CLIENT_ID: installing through OAuth needs HTTP mode (Slack redirects browsers to /slack/oauth_redirect). Remove SLACK_APP_TOKEN.');
  return problems;
}

/** Bot Framework rejects these at the first request; each message says where in the Azure portal the right value is. */
function teamsCredentialProblems(appId: string | undefined, appPassword: string | undefined, appType: Config['teams']['appType'] | undefined, tenantId: string | undefined): string[] {
  const problems: string[] = [];
  if (appId) {
    if (!GUID_PATTERN.test(appId)) problems.push(`MicrosoftAppId="${appId}" is not a GUID (8-4-4-4-12 hexadecimal digits): copy Microsoft App ID from the Azure portal → your Azure Bot → Configuration.`);
    if (appType !== 'UserAssignedMSI' && !appPassword) problems.push('MicrosoftAppPassword is missing: create a client secret for the bot\'s app registration (Azure portal → your Azure Bot → Configuration → Manage Password → Certificates & secrets → New client secret) and copy its Value.');
    if (appPassword && GUID_PATTERN.test(appPassword)) problems.push('MicrosoftAppPassword looks like a GUID, which is the Secret ID: copy the secret\'s Value instead (Certificates & secrets shows it only right after you create the secret; create a new one if it is hidden).');
    if (appType === 'SingleTenant' && !tenantId) problems.push('MicrosoftAppTenantId is missing: a SingleTenant bot needs its Directory (tenant) ID — Azure portal → your Azure Bot → Configuration → App Tenant ID (or the app registration\'s Overview).');
  } else if (appPassword) {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is not: set both (or neither; TEAMS_ANONYMOUS=on then serves local tools).');
  }
  if (tenantId && !GUID_PATTERN.test(tenantId)) problems.push(`MicrosoftAppTenantId="${tenantId}" is not a GUID (8-4-4-4-12 hexadecimal digits): copy Directory (tenant) ID from the Azure portal → your Azure Bot → Configuration → App Tenant ID (or the app registration's Overview).`);
  return problems;
}
