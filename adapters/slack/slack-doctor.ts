import { webApi } from '@slack/bolt';
import type { Config } from '../config.js';
import { fail, note, ok, warn, type Finding } from '../doctor-findings.js';
import { SLACK_EVENTS_PATH } from '../public-url.js';
import { BOT_SCOPES } from './scopes.js';

/**
 * `npm run doctor` for Slack: the bot token against auth.test (its x-oauth-scopes header says which scopes
 * the installation granted — each missing one is named with the feature it breaks), the app-level token
 * against apps.connections.open in Socket Mode, and the request URLs to paste for HTTP mode.
 */
type SlackConfig = NonNullable<Config['slack']>;

const REFUSED_TOKEN = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

export async function checkSlack(config: SlackConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  const where = config.apiUrl ?? 'https://slack.com/api/';
  const bot = client(config.botToken, config.apiUrl);
  try {
    const auth = await bot.auth.test();
    if (!auth.bot_id) {
      findings.push(fail('SLACK_BOT_TOKEN belongs to a user, not the bot: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions.'));
    } else {
      findings.push(ok(`bot token accepted by ${where}auth.test: workspace ${auth.team ?? '?'} (${auth.team_id ?? '?'}), bot user @${auth.user ?? '?'} (${auth.user_id ?? '?'})`));
    }
    findings.push(...scopeFindings(auth.response_metadata?.scopes));
  } catch (err) {
    findings.push(tokenFailure('SLACK_BOT_TOKEN', err, where, 'copy the current Bot User OAuth Token (xoxb-…) from OAuth & Permissions — reinstalling the app issues a new one'));
  }

  if (config.appToken) {
    try {
      await client(config.appToken, config.apiUrl).apps.connections.open();
      findings.push(ok('app-level token accepted by apps.connections.open (Socket Mode)'));
    } catch (err) {
      findings.push(tokenFailure('SLACK_APP_TOKEN', err, where, 'generate an app-level token with scope connections:write under Basic Information → App-Level Tokens, and turn Socket Mode on (Settings → Socket Mode)'));
    }
  } else {
    findings.push(note('signing secret has the right shape; Slack proves it only on its first request — Event Subscriptions → Request URL → Retry shows "Verified"'));
  }
  return findings;
}

/** Where each request URL goes in the Slack app's settings; Socket Mode has none. */
export function slackRequestUrls(config: SlackConfig | undefined, baseUrl: string): Finding[] {
  if (config?.appToken) return [note('Socket Mode: Slack needs no request URLs')];
  const url = `${baseUrl}${SLACK_EVENTS_PATH}`;
  const places = ['Event Subscriptions → Request URL', 'Interactivity & Shortcuts → Request URL', `Slash Commands → ${config?.command ?? '/ssr'} → edit → Request URL`];
  const width = Math.max(...places.map((p) => p.length));
  return places.map((p) => note(`Slack: ${`${p}:`.padEnd(width + 1)} ${url}`));
}

function scopeFindings(granted: string[] | undefined): Finding[] {
  if (!granted) return [warn('Slack did not report the granted scopes (no x-oauth-scopes header); they cannot be checked')];
  const findings: Finding[] = [];
  const reinstall = 'add it under OAuth & Permissions → Scopes → Bot Token Scopes (or paste a fresh `npm run slack:manifest` into App Manifest), then Reinstall to Workspace';
  for (const [scope, use] of Object.entries(BOT_SCOPES)) {
    if (granted.includes(scope)) continue;
    findings.push((use.required ? fail : warn)(`scope ${scope} is missing — ${use.feature} will not work: ${reinstall}`));
  }
  if (!findings.length) findings.push(ok(`all ${Object.keys(BOT_SCOPES).length} scopes the bot uses are granted`));
  return findings;
}

function tokenFailure(variable: string, err: unknown, where: string, fix: string): Finding {
  const e = err as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error; message?: string };
  if (e.code === 'slack_webapi_platform_error') {
    const reason = e.data?.error ?? 'unknown_error';
    if (REFUSED_TOKEN.has(reason)) return fail(`${variable} was refused by Slack (${reason}): ${fix}.`);
    return fail(`${variable}: Slack answered ${reason}.`);
  }
  if (e.code === 'slack_webapi_http_error') return fail(`${variable}: ${where} answered HTTP ${e.statusCode}; try again later, or check SLACK_API_URL.`);
  return fail(`could not reach ${where} (${e.original?.message ?? e.message ?? String(err)}): check the network, a proxy, or SLACK_API_URL.`);
}

function client(token: string, apiUrl: string | undefined) {
  const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
  return new webApi.WebClient(token, { ...(apiUrl ? { slackApiUrl: apiUrl } : {}), retryConfig: { retries: 0 }, logger: silent, rejectRateLimitedCalls: true });
}
