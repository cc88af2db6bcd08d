import { z } from 'zod';

/**
 * The shapes of the Slack requests this app answers, checked after the signature and before Bolt: Bolt
 * dereferences the body without checks (a signed `null` is an unhandled rejection and no response at all,
 * `"event": null` a 500), and our listeners read the fields below. Kinds are told apart the way Bolt does.
 * A payload of any other kind (views, shortcuts, options, another slash command) gets 400 instead of Bolt's
 * 404 after 3 s: add its shape here when a listener for it is added. Lengths are bounded by the body limit.
 */
const str = z.string();
const object = z.object({}).passthrough();
/**
 * Slack ids (T…, E…, C…, U…) are upper-case letters and digits. Bolt uses team and enterprise ids as keys of
 * a plain object (a team id "constructor" is a 500), and ours end up in "slack:T:C" addresses.
 */
const slackId = z.string().regex(/^[A-Z0-9]{1,64}$/u);
const idObject = z.object({ id: slackId }).passthrough();

/** Fields Bolt reads on every event while routing it. */
const eventBase = z
  .object({
    type: z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/u),
    user: z.union([str, z.object({ id: str }).passthrough()]).optional(),
    channel: z.union([str, object]).optional(),
    channel_id: str.optional(),
    item: object.optional(),
    subteam: object.optional(),
    text: str.nullish(),
    ts: str.nullish(),
    thread_ts: str.nullish(),
    subtype: str.nullish(),
    bot_id: str.nullish(),
    team: slackId.nullish(),
  })
  .passthrough();

/** Per event type, what our listeners need beyond that. */
const eventNeeds = new Map<string, z.ZodTypeAny>([
  ['app_mention', z.object({ channel: slackId, ts: str, user: slackId.nullish() }).passthrough()],
  ['message', z.object({ channel: slackId, user: slackId.nullish() }).passthrough()],
  ['app_home_opened', z.object({ user: slackId }).passthrough()],
]);

const eventCallback = z
  .object({
    type: z.literal('event_callback'),
    event: eventBase,
    event_id: str.nullish(),
    team_id: slackId.nullish(),
    enterprise_id: slackId.nullish(),
    authorizations: z.array(z.object({ team_id: slackId.nullish(), enterprise_id: slackId.nullish() }).passthrough()).nullish(),
  })
  .passthrough()
  .superRefine((b, ctx) => {
    const needs = eventNeeds.get(b.event.type);
    if (needs && !needs.safeParse(b.event).success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['event'], message: `${b.event.type} event without its fields` });
  });

const slashCommand = z
  .object({ command: str.min(1), team_id: slackId, channel_id: slackId, user_id: slackId, response_url: str.min(1), text: str.optional(), enterprise_id: slackId.optional() })
  .passthrough();

const blockActions = z
  .object({
    type: z.literal('block_actions'),
    // Our buttons live in messages (App Home has none), so every press comes with a response_url to answer on.
    response_url: str.min(1),
    actions: z.array(z.object({ action_id: str, value: str.nullish() }).passthrough()).min(1),
    user: z.object({ id: slackId, team_id: slackId.nullish() }).passthrough(),
    team: idObject.nullish(),
    enterprise: idObject.nullish(),
    // Bolt reads channel.id whenever channel is not undefined: null is a 500.
    channel: idObject.optional(),
    function_data: object.nullish(),
  })
  .passthrough();

const urlVerification = z.object({ type: z.literal('url_verification'), challenge: str }).passthrough();

/** The body is usable, or a short reason for the log (never for the HTTP body). `command` is ours (/ssr). */
export function checkSlackPayload(body: unknown, command: string): { ok: true } | { ok: false; problem: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problem: `body is ${Array.isArray(body) ? 'an array' : String(body)}` };
  const b = body as Record<string, unknown>;
  if (b.ssl_check === '1') return { ok: true };
  // Told apart in Bolt's own order (getTypeAndConversation): a "name" makes any payload an options request.
  const schema =
    b.type === 'url_verification' ? urlVerification
    : b.event !== undefined ? eventCallback
    : b.command !== undefined ? slashCommand
    : b.name !== undefined || b.type === 'block_suggestion' ? undefined
    : b.actions !== undefined ? blockActions
    : undefined;
  if (!schema) return { ok: false, problem: `unsupported payload type ${JSON.stringify(String(b.type ?? '')).slice(0, 80)}` };
  const result = schema.safeParse(body);
  // Another app's slash command has no listener here: Bolt would leave it unanswered until its 3 s timeout.
  if (result.success) return schema === slashCommand && b.command !== command ? { ok: false, problem: 'not our slash command' } : { ok: true };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue.path.join('.') || 'body'}: ${issue.message}` };
}
