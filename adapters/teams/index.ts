import type { AdapterEntry } from '../chat-adapter.js';
import { offRoutes } from './teams-off.js';

/** Microsoft Teams (botbuilder is loaded only in the anonymous or authenticated mode). */
export const teams = {
  name: 'teams',
  enabled: (config) => config.teams.mode !== 'off',
  offRoutes: () => offRoutes(),
  load: async () => (await import('./teams-adapter.js')).createTeamsAdapter,
} satisfies AdapterEntry;
