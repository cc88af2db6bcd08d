import type { AdapterEntry } from '../chat-adapter.js';

/** The local chat page (PLAYGROUND). */
export const web = {
  name: 'web',
  enabled: (config) => config.playground,
  load: async () => (await import('./web-adapter.js')).createWebAdapter,
} satisfies AdapterEntry;
