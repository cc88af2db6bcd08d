import 'dotenv/config';
import { loadConfig } from '../src/config.js';
import { describeError } from '../src/errors.js';
import { redactUrl } from '../src/store/postgres-errors.js';
import { startApp } from './app.js';
import { consoleLogger } from './logger.js';

/** `npm start`: read .env, validate configuration once, start every configured surface, print what runs. */
async function main(): Promise<void> {
  const log = consoleLogger();
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    console.error(describeError(err));
    process.exit(2);
  }
  const app = await startApp(config, { log });
  const lines = [
    '',
    `ssr-bot is running (started in ${Math.round(app.startupMs)} ms)`,
    `  health:        ${app.url}/healthz`,
  ];
  if (app.surfaces.includes('web')) lines.push(`  local chat:    ${app.url}/   ← open this in a browser`);
  lines.push(
    {
      authenticated: `  Teams:         ${app.url}/api/messages (authenticated: app id ${config.teams.appId}, ${config.teams.appType})`,
      anonymous: `  Teams:         ${app.url}/api/messages — anonymous local-tool mode (TEAMS_ANONYMOUS=on): direct loopback callers and loopback serviceUrls only`,
      off: '  Teams is off:  /api/messages answers 401; set MicrosoftAppId (see below), or TEAMS_ANONYMOUS=on for local tools',
    }[config.teams.mode],
  );
  if (app.surfaces.includes('slack-http')) {
    lines.push(
      `  Slack:         ${app.url}/slack/events (HTTP, command ${config.slack!.command})`,
      '                 Slack must reach it as https://YOUR-PUBLIC-HOST/slack/events: `npm run doctor -- --url https://…` prints the URLs to paste',
    );
  }
  if (app.surfaces.includes('slack-socket')) lines.push(`  Slack:         Socket Mode (command ${config.slack!.command})`);
  if (!config.slack) {
    lines.push(
      `  Slack is off:  ${app.url}/slack/events answers 503 until SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP)`,
      '                 or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) are set in .env — README → Slack',
    );
  }
  if (!config.teams.appId) lines.push('  Teams in production: set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId (SingleTenant)');
  lines.push(`  database:      ${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : config.databasePath}`, '');
  console.log(lines.join('\n'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await app.stop().catch((err) => log.error('shutdown failed', { error: describeError(err) }));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: describeError(reason) }));
}

main().catch((err) => {
  console.error(describeError(err));
  process.exit(1);
});
