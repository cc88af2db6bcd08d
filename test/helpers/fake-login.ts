import type { Server } from 'node:http';
import { closeServer, listenLoopback } from './loopback-server.js';
import type { Scripted } from './fake-slack.js';

/**
 * A recording stand-in for Microsoft Entra ID's token endpoint (POST /{tenant}/oauth2/v2.0/token, client
 * credentials) on 127.0.0.1. It issues a token by default; tests queue Entra's error answers.
 */
export interface TokenRequest {
  path: string;
  form: Record<string, string>;
}

export class FakeLogin {
  readonly requests: TokenRequest[] = [];
  private readonly queue: Scripted[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    ({ server: this.server, url: this.url } = await listenLoopback((req, raw, res) => {
      this.requests.push({ path: req.url ?? '', form: Object.fromEntries(new URLSearchParams(raw)) });
      const scripted = this.queue.shift();
      const body = scripted?.body ?? { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ0eXAiOiJKV1QifQ.fake.token' };
      res.writeHead(scripted?.status ?? 200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    }));
    return this;
  }

  script(...answers: Scripted[]): void {
    this.queue.push(...answers);
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}

/** Entra ID's answer to a wrong client secret (shape as returned by login.microsoftonline.com). */
export function invalidSecret(appId: string): Scripted {
  return {
    status: 401,
    body: {
      error: 'invalid_client',
      error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.\r\nTrace ID: 1b1a2c3d\r\nCorrelation ID: 4e5f6a7b\r\nTimestamp: 2026-11-26 10:00:00Z`,
      error_codes: [7000215],
      timestamp: '2026-11-26 10:00:00Z',
      trace_id: '1b1a2c3d',
      correlation_id: '4e5f6a7b',
      error_uri: 'https://login.microsoftonline.com/error?code=7000215',
    },
  };
}
