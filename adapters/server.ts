import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotError, describeError } from '../src/errors.js';
import type { Logger } from './logger.js';

/**
 * The one HTTP server of the bot: every adapter mounts its routes here (/slack/events, /api/messages, /, …).
 * A handler that throws or rejects answers 500 and is logged; it never takes the process down.
 */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface AppServer {
  route(method: string, path: string, handler: Handler): void;
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops accepting connections, closes idle keep-alive ones (and each one that turns idle), and resolves when
   * the requests in progress have finished — or at `deadline` (epoch ms), cutting what is left. True when clean.
   */
  close(deadline?: number): Promise<boolean>;
  readonly server: Server;
}

export function createAppServer(log: Logger): AppServer {
  const routes = new Map<string, Handler>();
  let closing = false;
  const server = createServer((req, res) => {
    // While shutting down, a kept-alive connection closes after its current response.
    if (closing) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0];
    const handler = routes.get(`${req.method} ${path}`) ?? (req.method === 'HEAD' ? routes.get(`GET ${path}`) : undefined);
    if (!handler) {
      const allowed = [...routes.keys()].filter((k) => k.endsWith(` ${path}`)).map((k) => k.split(' ')[0]);
      if (allowed.length) {
        res.writeHead(405, { allow: allowed.join(', '), 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method not allowed' }));
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      }
      return;
    }
    const fail = (err: unknown) => {
      log.error('request failed', { path, error: describeError(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      if (!res.writableEnded) res.end(JSON.stringify({ error: 'internal error' }));
    };
    try {
      Promise.resolve(handler(req, res)).catch(fail);
    } catch (err) {
      fail(err);
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const failed = (err: NodeJS.ErrnoException) => reject(listenError(err, port, host));
        server.once('error', failed);
        server.listen(port, host, () => {
          server.off('error', failed);
          const a = server.address() as AddressInfo;
          const shownHost = a.family === 'IPv6' ? `[${a.address}]` : a.address;
          const local = ['0.0.0.0', '[::]', '127.0.0.1', '[::1]'].includes(shownHost);
          resolve(`http://${local ? 'localhost' : shownHost}:${a.port}`);
        });
      });
    },
    close(deadline = Date.now() + 10_000) {
      closing = true;
      return new Promise((resolve) => {
        if (!server.listening) return resolve(true);
        let clean = true;
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => {
          clean = false;
          server.closeAllConnections();
        }, Math.max(0, deadline - Date.now()));
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve(clean);
        });
        server.closeIdleConnections();
      });
    },
  };
}

function listenError(err: NodeJS.ErrnoException, port: number, host: string): Error {
  if (err.code === 'EADDRINUSE') {
    return new BotError('LISTEN_FAILED', `Port ${port} on ${host} is already in use (another ssr-bot, or another program): stop it, or set PORT to a free port (PORT=0 picks one).`, { cause: err });
  }
  if (err.code === 'EACCES') {
    return new BotError('LISTEN_FAILED', `Not allowed to listen on port ${port}: ports below 1024 need privileges. Set PORT to 1024 or above and put a reverse proxy in front.`, { cause: err });
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return new BotError('LISTEN_FAILED', `Cannot listen on ${host}: it is not an address of this machine. Set HOST to 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`, { cause: err });
  }
  return new BotError('LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${err.message}`, { cause: err });
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads a request body up to `limit` bytes; larger bodies are refused with 413 before they are buffered whole. */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, `body over ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new HttpError(413, `body over ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body, answering the client's mistakes with 4xx rather than throwing. */
export async function readJson(req: IncomingMessage, limit?: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(value));
}

/** True for loopback peers (127.0.0.0/8, ::1, IPv4-mapped loopback). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || /^(?:::ffff:)?127\./u.test(address);
}
