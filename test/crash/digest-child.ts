import { startApp } from '../../adapters/app.js';
import { pinoLogger } from '../../adapters/logger.js';
import { loadConfig } from '../../adapters/config.js';

/**
 * The real app in its own OS process, for kill tests: configured from the environment like `npm start`, with
 * the real clock and scheduler (one pass at start, then every 30 s). Over IPC it reports its URL and runs a
 * scheduling pass on request, so the parent can start deliveries at a moment of its choosing and kill -9.
 */
const app = await startApp(loadConfig(process.env), { log: pinoLogger(), platformRetries: 0 });
process.send!({ type: 'ready', url: app.url });
process.on('message', (m: { type?: string }) => {
  if (m?.type !== 'tick') return;
  void app.digests.tick().then((r) => process.send!({ type: 'ticked', posted: r.posted.length }));
});
