import { BotError } from './errors.js';
import type { Locale } from './reply/reply-model.js';
import { canonicalZone } from './commands/parse-command.js';

/**
 * All configuration, validated once at start. Every problem is reported at once, each with how to fix it.
 * Variables: see .env.example and README.
 */
export interface Config {
  port: number;
  host: string;
  corpusDir: string;
  databasePath: string;
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
    botToken: string;
    signingSecret: string;
    appToken?: string;
    apiUrl?: string;
    command: string;
  };
  teams: {
    appId?: string;
    appPassword?: string;
    appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
    tenantId?: string;
    /** TEAMS_ANONYMOUS=on: no app id, auth off, loopback callers only (Agents Playground, Emulator). */
    anonymous: boolean;
  };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const portRaw = get('PORT') ?? '3000';
  const port = Number(portRaw);
  if (!/^\d+$/u.test(portRaw) || port > 65535) problems.push(`PORT="${portRaw}" is not a port number: use a whole number from 0 to 65535 (0 picks a free port).`);

  const locale = (get('BOT_LOCALE') ?? 'zh').toLowerCase();
  if (locale !== 'zh' && locale !== 'en') problems.push(`BOT_LOCALE="${locale}" is not supported: use zh or en.`);

  const zoneRaw = get('DIGEST_TIMEZONE') ?? 'UTC';
  const zone = canonicalZone(zoneRaw);
  if (!zone) problems.push(`DIGEST_TIMEZONE="${zoneRaw}" is not an IANA time zone: use a name such as UTC, Europe/Vienna or Asia/Shanghai.`);

  const onOff = (name: string, fallback: 'on' | 'off'): boolean => {
    const raw = (get(name) ?? fallback).toLowerCase();
    if (!['on', 'off', 'true', 'false', '1', '0'].includes(raw)) problems.push(`${name}="${raw}" must be on or off.`);
    return ['on', 'true', '1'].includes(raw);
  };
  const playground = onOff('PLAYGROUND', 'on');
  const logQuestions = onOff('LOG_QUESTIONS', 'off');
  const metrics = onOff('METRICS', 'on');
  const teamsAnonymous = onOff('TEAMS_ANONYMOUS', 'off');
  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" is not a level: use one of ${LOG_LEVELS.join(', ')}.`);

  const botToken = get('SLACK_BOT_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = get('SLACK_APP_TOKEN');
  const apiUrl = get('SLACK_API_URL');
  const command = get('SLACK_COMMAND') ?? '/ssr';
  let slack: Config['slack'];
  if (botToken || signingSecret || appToken) {
    if (!botToken) problems.push('SLACK_BOT_TOKEN is missing: copy the Bot User OAuth Token (xoxb-…) from your Slack app\'s "OAuth & Permissions" page.');
    else if (!/^xox[a-z]-/u.test(botToken)) problems.push('SLACK_BOT_TOKEN does not look like a bot token: it starts with xoxb-.');
    if (!signingSecret && !appToken) problems.push('SLACK_SIGNING_SECRET is missing: copy it from your Slack app\'s "Basic Information" page (or set SLACK_APP_TOKEN for Socket Mode).');
    if (appToken && !appToken.startsWith('xapp-')) problems.push('SLACK_APP_TOKEN does not look like an app-level token: it starts with xapp- (Basic Information → App-Level Tokens, scope connections:write).');
    if (botToken && (signingSecret || appToken)) slack = { botToken, signingSecret: signingSecret ?? '', appToken, apiUrl, command };
  }
  if (apiUrl && !/^https?:\/\/[^\s]+\/$/u.test(apiUrl)) problems.push(`SLACK_API_URL="${apiUrl}" must be an http(s) URL ending in "/", e.g. https://slack.com/api/.`);
  if (!/^\/[a-z0-9_-]{1,31}$/u.test(command)) problems.push(`SLACK_COMMAND="${command}" must be a slash command such as /ssr.`);

  const appId = get('MicrosoftAppId');
  const appPassword = get('MicrosoftAppPassword');
  const appTypeRaw = get('MicrosoftAppType') ?? 'SingleTenant';
  const tenantId = get('MicrosoftAppTenantId');
  const appType = (['SingleTenant', 'MultiTenant', 'UserAssignedMSI'] as const).find((t) => t.toLowerCase() === appTypeRaw.toLowerCase());
  if (!appType) problems.push(`MicrosoftAppType="${appTypeRaw}" must be SingleTenant, MultiTenant or UserAssignedMSI.`);
  if (appId) {
    if (appType !== 'UserAssignedMSI' && !appPassword) problems.push('MicrosoftAppPassword is missing: create a client secret for the bot\'s app registration (Azure portal → Certificates & secrets).');
    if (appType === 'SingleTenant' && !tenantId) problems.push('MicrosoftAppTenantId is missing: a SingleTenant bot needs the Directory (tenant) ID of its app registration.');
  } else if (appPassword) {
    problems.push('MicrosoftAppPassword is set but MicrosoftAppId is not: set both, or neither for local anonymous mode.');
  }

  if (problems.length) {
    throw new BotError('CONFIG_INVALID', `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these in .env (see .env.example) or the environment, then start again.`, { details: problems });
  }
  return {
    port,
    host: get('HOST') ?? '127.0.0.1',
    corpusDir: get('CORPUS_DIR') ?? './corpus',
    databasePath: get('DATABASE_PATH') ?? './data/ssr-bot.db',
    botLocale: locale as Locale,
    digestTimeZone: zone!,
    playground,
    logLevel: logLevel as LogLevel,
    logQuestions,
    metrics,
    slack,
    teams: { appId, appPassword, appType: appType ?? 'SingleTenant', tenantId, anonymous: teamsAnonymous },
  };
}
