import type { IncomingMessage } from 'node:http';
import { isLoopbackHost } from '../src/loopback.js';
import { isLoopback } from './server.js';

/** Checks shared by the JSON endpoints (/api/messages, the local page's /api/*), before any body is read. */

/**
 * `application/json`, parameters such as charset allowed. Anything else is refused with 415: a browser may
 * send text/plain or a form cross-site without a CORS preflight, application/json it may not.
 */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Headers a reverse proxy, tunnel or browser adds. Behind a proxy on the same host every caller looks like
 * loopback, so a loopback-only mode must refuse them rather than trust the socket address.
 */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via', 'cf-connecting-ip', 'true-client-ip'];
const RELAYED_HEADERS = [...PROXY_HEADERS, 'origin', 'sec-fetch-site'];

export function relayedHeader(req: IncomingMessage): string | undefined {
  return RELAYED_HEADERS.find((h) => req.headers[h] !== undefined);
}

/**
 * A same-origin browser request, or no browser at all (no Origin, no Sec-Fetch-Site: curl, tests). A page on
 * another site, another port of this host ("same-site") or an opaque origin ("null") is not.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * A caller on this machine talking to us directly: a loopback peer, no proxy or tunnel headers (behind a proxy
 * on the same host everyone is loopback), and a Host header naming loopback, so a page on another site cannot
 * reach us by pointing its own host name at 127.0.0.1 (DNS rebinding). The page's browser may send Origin.
 */
export function isDirectLocalCaller(req: IncomingMessage): boolean {
  if (!isLoopback(req.socket.remoteAddress)) return false;
  if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${req.headers.host ?? ''}`).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || isLoopbackHost(hostname);
}
