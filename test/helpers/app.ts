import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp, type StartOptions } from '../../adapters/app.js';
import { recordingLogger, type RecordingLogger } from '../../adapters/logger.js';
import { loadConfig } from '../../adapters/config.js';
import { CORPUS_DIR } from './bot.js';
import { FakeConnector } from './fake-connector.js';
import { FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './slack-requests.js';

/**
 * Starts the real server on an ephemeral loopback port with a fresh SQLite file, and waits until the adapters'
 * background start-up checks have settled (ok or degraded), so tests see a started bot.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}, options: StartOptions = {}): Promise<RunningApp & { log: RecordingLogger; dbPath: string }> {
  const dbPath = env.DATABASE_PATH ?? join(mkdtempSync(join(tmpdir(), 'ssr-test-')), 'bot.db');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CORPUS_DIR, DATABASE_PATH: dbPath, ...env });
  const log = recordingLogger();
  const app = await startApp(config, { log, platformRetries: 0, ...options });
  await app.settled();
  return Object.assign(app, { log, dbPath });
}

/**
 * The app with Slack (Bolt over signed HTTP, against a fake Web API) and anonymous Teams (against a fake
 * connector) both on, as the cross-surface tests need it; `stop()` closes all three.
 */
export async function startWithPlatformFakes(env: Record<string, string | undefined> = {}) {
  const slack = await new FakeSlack().start();
  const connector = await new FakeConnector().start();
  const app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, TEAMS_ANONYMOUS: 'on', ...env });
  return {
    app,
    slack,
    connector,
    async stop() {
      await app.stop();
      await slack.close();
      await connector.close();
    },
  };
}
