import { z } from 'zod';

/**
 * The shape of a Bot Framework activity, checked before botbuilder or our handler touch it: botbuilder trusts
 * its input (a number as serviceUrl becomes "endpoint.toLowerCase is not a function" deep inside a turn).
 * Only the fields something reads are checked; everything else passes through untouched.
 */
const text = z.string().max(100_000);
const id = z.string().max(1024);
// Replies copy these accounts, and botbuilder's serializer refuses a reply whose fields are not strings.
const account = z.object({ id: id.nullish(), name: text.nullish(), aadObjectId: id.nullish(), role: id.nullish() }).passthrough();
const object = z.object({}).passthrough();

/** The invokes this bot answers; Teams sends no others for what the manifest declares. */
const invokeValues = new Map<string, z.ZodTypeAny>([
  [
    'composeExtension/query',
    z
      .object({
        commandId: id.nullish(),
        parameters: z.array(z.object({ name: id.nullish(), value: z.unknown() }).passthrough()).max(50).nullish(),
        queryOptions: object.nullish(),
      })
      .passthrough(),
  ],
  ['composeExtension/selectItem', object],
]);

const activity = z
  .object({
    type: z.string().min(1).max(64),
    // Required: replies go there, and there is no safe default to fall back to.
    serviceUrl: z.string().min(1).max(2048),
    // botbuilder sends the conversation id as an HTTP header (x-ms-conversation-id): printable ASCII only.
    conversation: account.extend({ id: id.min(1).regex(/^[\x20-\x7e]+$/u), conversationType: id.nullish(), tenantId: id.nullish(), isGroup: z.boolean().nullish() }),
    id: id.nullish(),
    replyToId: id.nullish(),
    channelId: id.nullish(),
    name: id.nullish(),
    action: id.nullish(),
    locale: z.string().max(64).nullish(),
    text: text.nullish(),
    from: account.nullish(),
    recipient: account.nullish(),
    // Each entity must be an object; how many mentions count is capped where they are used (teams-inbound).
    entities: z.array(object).nullish(),
    attachments: z.array(object).nullish(),
    channelData: object.nullish(),
    membersAdded: z.array(account).nullish(),
    membersRemoved: z.array(account).nullish(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    if (a.type !== 'invoke') return;
    const schema = invokeValues.get(a.name ?? '');
    if (!schema) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['name'], message: `unsupported invoke ${JSON.stringify(a.name)}` });
    else if (!schema.safeParse(a.value).success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: `value does not fit ${a.name}` });
  });

export type CheckedActivity = z.infer<typeof activity>;

/** The activity, or a short reason for the log (never for the HTTP body). */
export function checkActivity(body: unknown): { ok: true; activity: CheckedActivity } | { ok: false; problem: string } {
  const result = activity.safeParse(body);
  if (result.success) return { ok: true, activity: result.data };
  const issue = result.error.issues[0];
  return { ok: false, problem: `${issue.path.join('.') || 'body'}: ${issue.message}` };
}
