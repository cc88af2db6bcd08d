import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/**
 * The Teams bench's "bare botbuilder" side, as the Slack bench has a bare Bolt app: the smallest bot botbuilder's
 * samples show — stock CloudAdapter.process(), no app id, every message answered with a fixed text — on a plain
 * node:http server (the samples' restify/express only parse the JSON body and adapt req/res, as done here). It
 * does none of ssr-bot's checks, answering or rendering: the ratio against it is what ssr-bot adds over the SDK.
 * Benchmark only: it accepts any caller and replies to any serviceUrl.
 */
export const BARE_REPLY = 'ok';

export async function startBareBotbuilder(): Promise<{ url: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({} as never));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      adapter
        .process({ body, headers: req.headers, method: req.method }, expressLike(req, res), async (context) => {
          if (context.activity.type === 'message') await context.sendActivity(BARE_REPLY);
        })
        .catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The response methods botbuilder's process() calls (express/restify shapes). */
function expressLike(req: IncomingMessage, res: ServerResponse) {
  return {
    socket: req.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(body?: unknown) {
      if (body !== undefined) res.write(typeof body === 'string' ? body : JSON.stringify(body));
    },
    end() {
      res.end();
    },
  };
}
