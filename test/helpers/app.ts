import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp, type StartOptions } from '../../adapters/app.js';
import { recordingLogger, type RecordingLogger } from '../../adapters/logger.js';
import { loadConfig } from '../../adapters/config.js';
import { CORPUS_DIR } from './bot.js';

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
