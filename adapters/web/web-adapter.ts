import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_MESSAGES } from '../../src/i18n/page-messages.js';
import type { InboundAction, InboundMessage } from '../../src/inbound.js';
import type { AdapterHost, ChatAdapter, Route } from '../chat-adapter.js';
import { renderAdaptiveCard } from '../render/adaptive-card.js';
import { renderBlockKit } from '../render/block-kit.js';
import type { Reply } from '../../src/reply/reply-model.js';
import { isDirectLocalCaller, isJsonContentType, isSameOrigin } from '../request-guards.js';
import { HttpError, readJson, sendJson, type Handler } from '../server.js';

/**
 * The local chat page: a third adapter with no logic of its own. It sends the text to the core and shows the
 * very Adaptive Card the Teams adapter would send (rendered by the official `adaptivecards` package, served
 * from node_modules — no CDN), with the Slack Block Kit JSON of the same reply one click away.
 */
const PUBLIC = new URL('./public/', import.meta.url);
const require = createRequire(import.meta.url);
const MAX_BODY = 64 * 1024;
const MAX_TEXT = 20_000;

/** No inline script, no remote origin; styles set by the card renderer through the CSSOM are allowed. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  type: string;
  body: Buffer;
}

function loadAssets(): Map<string, Asset> {
  const file = (name: string, type: string): Asset => ({ type, body: readFileSync(new URL(name, PUBLIC)) });
  return new Map([
    ['/', file('index.html', 'text/html; charset=utf-8')],
    ['/app.js', file('app.js', 'text/javascript; charset=utf-8')],
    ['/app.css', file('app.css', 'text/css; charset=utf-8')],
    ['/vendor/adaptivecards.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js')) }],
  ]);
}

export function webPayload(reply: Reply) {
  // The page shows the suggestions as buttons of its own, so the card does not list them again.
  return { reply, card: renderAdaptiveCard(reply, { suggestions: false }), slack: renderBlockKit(reply) };
}

/** A request of the page: `text` (a message) or `value` (a button), with the page's session and language. */
export interface WebRequest {
  body: Record<string, unknown>;
  acceptLanguage?: string;
}

export const WEB_PREFIX = 'web:';

export function createWebAdapter({ bot, report }: AdapterHost) {
  const assets = loadAssets();
  const routes: Route[] = [...assets].map(([path, asset]) => ({ method: 'GET', path, handler: (req, res) => serveAsset(req, res, asset) }));
  const ui: Asset = { type: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(PAGE_MESSAGES)) };
  routes.push({ method: 'GET', path: '/ui.json', handler: (req, res) => serveAsset(req, res, ui) });
  const adapter = {
    prefix: WEB_PREFIX,
    surface: 'web',
    address: (session: string) => `${WEB_PREFIX}${/^[A-Za-z0-9_-]{1,64}$/u.test(session) ? session : 'anonymous'}`,
    routes,
    inbound({ body, acceptLanguage }: WebRequest): InboundMessage | InboundAction {
      const address = adapter.address(typeof body.session === 'string' ? body.session : '');
      const locale = typeof body.locale === 'string' ? body.locale.slice(0, 20) : acceptLanguage?.split(',')[0] || undefined;
      if (typeof body.value === 'string') return { address, user: 'web-user', value: body.value, locale };
      return { address, user: 'web-user', text: String(body.text), locale, commandPrefix: '' };
    },
    render: webPayload,
    start: () => report({ state: 'ok' }),
  } satisfies ChatAdapter<WebRequest, ReturnType<typeof webPayload>>;
  const answer = (check: (body: Record<string, unknown>) => void): Handler => (req, res) =>
    guarded(req, res, async () => {
      const body = await readObject(req);
      check(body);
      const inbound = adapter.inbound({ body, acceptLanguage: req.headers['accept-language'] });
      const reply = 'value' in inbound ? await bot.handleAction(inbound) : await bot.handleMessage(inbound);
      sendJson(res, 200, adapter.render(reply));
    });
  routes.push(
    {
      method: 'POST',
      path: '/api/chat',
      handler: answer((body) => {
        if (typeof body.text !== 'string') throw new HttpError(400, '"text" must be a string');
        if (body.text.length > MAX_TEXT) throw new HttpError(413, `"text" is over ${MAX_TEXT} characters`);
        delete body.value;
      }),
    },
    {
      method: 'POST',
      path: '/api/action',
      handler: answer((body) => {
        if (typeof body.value !== 'string') throw new HttpError(400, '"value" must be a string');
      }),
    },
  );
  return adapter;
}

function serveAsset(req: IncomingMessage, res: ServerResponse, asset: Asset): void {
  if (!isDirectLocalCaller(req)) return refuseRemote(res);
  res.writeHead(200, {
    'content-type': asset.type,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(asset.body);
}

/** The page's own requests only: JSON (no preflight-free text/plain or form posts) from the page's own origin. */
async function readObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!isDirectLocalCaller(req)) throw new HttpError(403, LOCAL_ONLY);
  if (!isJsonContentType(req)) throw new HttpError(415, 'send application/json');
  if (!isSameOrigin(req)) throw new HttpError(403, 'cross-origin requests are refused');
  const body = await readJson(req, MAX_BODY);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
  return body as Record<string, unknown>;
}

/** The page has no login: it is a tool for whoever sits at this machine (or an SSH tunnel to it), never a public surface. */
const LOCAL_ONLY = 'the local chat page answers direct loopback callers only (open http://127.0.0.1:PORT/ on this machine or through an SSH tunnel; PLAYGROUND=off turns it off)';

function refuseRemote(res: ServerResponse): void {
  sendJson(res, 403, { error: LOCAL_ONLY });
}

async function guarded(req: IncomingMessage, res: ServerResponse, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    req.resume();
    sendJson(res, err.status, { error: err.message });
  }
}
