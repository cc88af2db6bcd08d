import 'dotenv/config';
import { loadConfig, type Config } from './config.js';
import { describeError } from '../src/errors.js';
import { startApp, type RunningApp } from './app.js';
import { pinoLogger } from './logger.js';

/**
 * `npm start`: read .env, validate configuration once, start every configured surface. Logs are JSON lines on
 * stdout (and nothing else is); a short human summary of what runs goes to stderr.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    console.error(describeError(err));
    process.exit(2);
  }
  const log = pinoLogger({ level: config.logLevel });
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: describeError(reason) }));
  process.on('uncaughtException', (err) => {
    log.error('uncaught exception: exiting', { error: describeError(err), stack: err.stack });
    process.exit(1);
  });

  let app: RunningApp;
  try {
    app = await startApp(config, { log, verifyTeamsCredentials: true });
  } catch (err) {
    log.error(describeError(err), { phase: 'start' });
    console.error(describeError(err));
    process.exit(1);
  }
  log.info('started', { url: app.url, startupMs: Math.round(app.startupMs), adapters: app.health.snapshot(), database: config.databasePath, node: process.version });
  console.error(summary(app, config));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal });
    const clean = await app.stop().catch((err) => {
      log.error('shutdown failed', { error: describeError(err) });
      return false;
    });
    log.info(clean ? 'stopped' : 'stopped: work still running after the grace period was cut', { clean });
    process.exit(clean ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** The start-up block for a person at a terminal. */
function summary(app: RunningApp, config: Config): string {
  const lines = ['', `ssr-bot is running (started in ${Math.round(app.startupMs)} ms)`, `  health:        ${app.url}/healthz  (readiness: ${app.url}/readyz)`];
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
      `  Slack:         ${app.url}/slack/events (HTTP, command ${config.slack!.command}); the token is checked in the background (${app.url}/readyz)`,
      '                 Slack must reach it as https://YOUR-PUBLIC-HOST/slack/events: `npm run doctor -- --url https://…` prints the URLs to paste',
    );
  }
  if (app.surfaces.includes('slack-socket')) lines.push(`  Slack:         Socket Mode (command ${config.slack!.command}); connecting in the background (${app.url}/readyz)`);
  if (!config.slack) {
    lines.push(
      `  Slack is off:  ${app.url}/slack/events answers 503 until SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP)`,
      '                 or SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) are set in .env — README → Slack',
    );
  }
  if (!config.teams.appId) lines.push('  Teams in production: set MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId (SingleTenant)');
  if (config.metrics) lines.push(`  metrics:       ${app.url}/metrics`);
  lines.push(`  database:      ${config.databasePath}`, '  logs:          JSON lines on stdout (LOG_LEVEL); readable: npm start | npx pino-pretty', '');
  return lines.join('\n');
}

main().catch((err) => {
  console.error(describeError(err));
  process.exit(1);
});
