import type { AdapterEntry } from '../chat-adapter.js';
import { offRoutes } from './events-fallback.js';

/** Slack (Bolt is loaded only when SLACK_BOT_TOKEN and a secret or app token are set). */
export const slack = {
  name: 'slack',
  enabled: (config) => Boolean(config.slack),
  offRoutes: (_config, log) => offRoutes(log, 'not-configured'),
  load: async () => (await import('./slack-adapter.js')).createSlackAdapter,
} satisfies AdapterEntry;
