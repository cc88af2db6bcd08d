/**
 * Every environment variable the bot reads, one line each: name, default (absent = empty/off) and the
 * README's description. config.ts reads only these names (the type says so), and test/readme.test.ts keeps
 * the README's configuration table and .env.example in step with this list — adding a variable is one line
 * here, one README row and one .env.example line, and the test prints the row it expects.
 */
export interface Variable {
  readonly name: string;
  readonly default?: string;
  readonly description: string;
}

export const VARIABLES = [
  { name: 'PORT', default: '3000', description: 'port of the one HTTP server (`/`, `/healthz`, `/slack/events`, `/api/messages`); `0` picks a free port' },
  { name: 'HOST', default: '127.0.0.1', description: 'address to bind; loopback unless you set e.g. `0.0.0.0` behind a proxy or tunnel' },
  { name: 'CORPUS_DIR', default: './corpus', description: 'folder with the document `.txt` files, their `.meta.json` and `.askings.tsv`, and the glossary `.tsv`' },
  { name: 'DEFAULT_DOCUMENT', description: 'id or short name of the document an unqualified reference (`13(d)`, `para 8`) means; empty = the first in file-name order' },
  { name: 'DATABASE_PATH', default: './data/ssr-bot.db', description: 'SQLite file: digests, Teams conversation references, handled Slack event ids, feedback, Slack installations' },
  { name: 'DATABASE_URL', description: '`postgres://user:password@host:5432/db`: PostgreSQL instead of the SQLite file, for several replicas (README → Scaling out)' },
  { name: 'BOT_LOCALE', default: 'zh', description: 'reply language when a message has neither Chinese nor English words (`zh`/`en`)' },
  { name: 'DIGEST_TIMEZONE', default: 'UTC', description: 'time zone for `digest on` when the command names none' },
  { name: 'PLAYGROUND', default: 'on', description: 'the local chat page at `/`' },
  { name: 'SLACK_BOT_TOKEN', description: 'Bot User OAuth Token `xoxb-…` (OAuth & Permissions); with `SLACK_SIGNING_SECRET` turns Slack on over HTTP' },
  { name: 'SLACK_SIGNING_SECRET', description: 'Signing Secret, 32 hex characters (Basic Information → App Credentials); verifies Slack\'s requests in HTTP mode' },
  { name: 'SLACK_CLIENT_ID', description: 'Client ID (Basic Information → App Credentials): with `SLACK_CLIENT_SECRET` and `SLACK_STATE_SECRET`, many workspaces install the app at `/slack/install` (README → Distributing the Slack app); no `SLACK_BOT_TOKEN` then' },
  { name: 'SLACK_CLIENT_SECRET', description: 'Client Secret, 32 hex characters (Basic Information → App Credentials), for the OAuth install' },
  { name: 'SLACK_STATE_SECRET', description: 'a random string of 32+ characters you choose (`openssl rand -hex 32`), the same on every replica: signs the OAuth state' },
  { name: 'SLACK_APP_TOKEN', description: 'app-level token `xapp-…` with `connections:write` (Basic Information → App-Level Tokens): Slack over Socket Mode instead of HTTP' },
  { name: 'SLACK_API_URL', description: 'Web API base URL ending in `/`; empty = Slack\'s own (GovSlack `https://slack-gov.com/api/`, tests)' },
  { name: 'SLACK_COMMAND', default: '/ssr', description: 'the slash command name configured in the Slack app' },
  { name: 'MicrosoftAppId', description: 'Microsoft App ID of the Azure Bot (a GUID); with `MicrosoftAppPassword` turns Teams on (authenticated)' },
  { name: 'MicrosoftAppPassword', description: 'client secret *Value* of the bot\'s app registration (Certificates & secrets)' },
  { name: 'MicrosoftAppType', default: 'SingleTenant', description: '`SingleTenant` (recommended), `MultiTenant`, `UserAssignedMSI`' },
  { name: 'MicrosoftAppTenantId', description: 'Directory (tenant) ID (a GUID), required for SingleTenant' },
  { name: 'MICROSOFT_LOGIN_URL', default: 'https://login.microsoftonline.com', description: 'Microsoft Entra ID authority where the start-up check asks for a Bot Framework token (a sovereign cloud\'s, or a fake in tests)' },
  { name: 'TEAMS_ANONYMOUS', default: 'off', description: '`on` = anonymous local-tool mode without an app id (Agents Playground, Emulator): loopback `HOST` only, direct callers, literal loopback serviceUrls; off and no app id = `/api/messages` answers 401' },
  { name: 'LOG_LEVEL', default: 'info', description: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent` (JSON log lines on stdout)' },
  { name: 'LOG_QUESTIONS', default: 'off', description: '`on` puts the user\'s text into request log lines (off: privacy by default)' },
  { name: 'METRICS', default: 'on', description: 'Prometheus metrics at `GET /metrics`; `off` removes the route' },
] as const satisfies readonly Variable[];

export type VariableName = (typeof VARIABLES)[number]['name'];
/** The variables that have a default, so reading one never yields undefined. */
export type DefaultedName = Extract<(typeof VARIABLES)[number], { default: string }>['name'];

export function defaultOf(name: DefaultedName): string {
  return (VARIABLES.find((v) => v.name === name) as Variable).default!;
}
