import type { Route } from '../chat-adapter.js';
import { sendJson } from '../server.js';

/**
 * Without an app id and without TEAMS_ANONYMOUS=on, /api/messages only says how to turn Teams on. Its own
 * module, so a start with Teams off never loads botbuilder.
 */
export function offRoutes(): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/messages',
      handler: (req, res) => {
        req.resume();
        sendJson(res, 401, { error: TEAMS_OFF_HINT });
      },
    },
  ];
}

export const TEAMS_OFF_HINT = 'Teams is off: set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId, or TEAMS_ANONYMOUS=on for local tools on loopback.';
