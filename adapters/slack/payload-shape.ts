import { z } from 'zod';

/**
 * The shapes of the Slack requests this app answers, checked after the signature and before Bolt: Bolt
 * dereferences the body without checks (a signed `null` is an unhandled rejection and no response at all,
 * `"event": null` a 500), and our listeners read the fields below. Kinds are told apart the way Bolt does.
 * A payload of any other kind (views, shortcuts, options) gets 400 instead of Bolt's 404 after 3 s: add its
 * shape here when a listener for it is added.
 */
const str = z.string().max(20_000);
const object = z.object({}).passthrough();
const idObject = z.object({ id: str }).passthrough();

/** Fields Bolt reads on every event while routing it. */
const eventBase = z
  .object({
    type: str.min(1),
    user: z.union([str, idObject]).optional(),
    channel: z.union([str, object]).optional(),
    channel_id: str.optional(),
    item: object.optional(),
    subteam: object.optional(),
    text: str.nullish(),
    ts: str.nullish(),
    thread_ts: str.nullish(),
    subtype: str.nullish(),
    bot_id: str.nullish(),
    team: str.nullish(),
  })
  .passthrough();

/** Per event type, what our listeners need beyond that. */
const eventNeeds: Record<string, z.ZodTypeAny> = {
  app_mention: z.object({ channel: str, ts: str }).passthrough(),
  message: z.object({ channel: str }).passthrough(),
  app_home_opened: z.object({ user: str }).passthrough(),
};

const eventCallback = z
  .object({
    type: z.literal('event_callback'),
    event: eventBase,
    event_id: str.nullish(),
    team_id: str.nullish(),
    enterprise_id: str.nullish(),
    authorizations: z.array(object).nullish(),
  })
  .passthrough()
  .superRefine((b, ctx) => {
    const needs = eventNeeds[b.event.type];
    if (needs && !needs.safeParse(b.event).success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['event'], message: `${b.event.type} event without its fields` });
  });

const slashCommand = z
  .object({ command: str.min(1), team_id: str.min(1), channel_id: str.min(1), user_id: str.min(1), response_url: str.min(1), text: str.optional(), enterprise_id: str.optional() })
  .passthrough();

const blockActions = z
  .object({
    type: z.literal('block_actions'),
    // Our buttons live in messages (App Home has none), so every press comes with a response_url to answer on.
    response_url: str.min(1),
    actions: z.array(z.object({ action_id: str, value: str.nullish() }).passthrough()).min(1),
    user: z.object({ id: str, team_id: str.nullish() }).passthrough(),
    team: idObject.nullish(),
    enterprise: idObject.nullish(),
    channel: idObject.nullish(),
    function_data: object.nullish(),
  })
  .passthrough();

const urlVerification = z.object({ type: z.literal('url_verification'), challenge: str }).passthrough();

/** The body is usable, or a short reason for the log (never for the HTTP body). */
export function checkSlackPayload(body: unknown): { ok: true } | { ok: false; problem: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problem: `body is ${Array.isArray(body) ? 'an array' : String(body)}` };
  const b = body as Record<string, unknown>;
  if (b.ssl_check === '1') return { ok: true };
  const schema =
    b.type === 'url_verification' ? urlVerification
    : b.event !== undefined ? eventCallback
    : b.command !== undefined ? slashCommand
    : b.actions !== undefined ? blockActions
    : undefined;
  if (!schema) return { ok: false, problem: `unsupported payload type ${JSON.stringify(String(b.type ?? '')).slice(0, 80)}` };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue.path.join('.') || 'body'}: ${issue.message}` };
}
