import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KillHarness } from './kill-runner.js';

/**
 * `npm run test:crash`: the kill test at full size — kill -9 at random moments during delivery,
 * CRASH_TRIALS (20) passes over CRASH_SUBSCRIPTIONS (100) channels, Slack answering each post in
 * CRASH_DELAY_MS (250 ms); and `digest now` killed mid-post and repeated, 10 times. Goal: 0 missing, 0 duplicates.
 */
const trials = Number(process.env.CRASH_TRIALS ?? 20);
const subscriptions = Number(process.env.CRASH_SUBSCRIPTIONS ?? 100);
const delayMs = Number(process.env.CRASH_DELAY_MS ?? 250);
const seed = Number(process.env.CRASH_SEED ?? 20261126);

let harness: KillHarness;
beforeAll(async () => {
  harness = await new KillHarness().start(delayMs);
});
afterAll(async () => {
  await harness.stop();
});

describe('kill -9 during digest delivery (real processes)', () => {
  it(`${trials} trials × ${subscriptions} subscriptions, Slack answering in ${delayMs} ms: no digest missing, none twice`, async () => {
    const stats = await harness.scheduledTrials({ trials, subscriptions, delayMs, seed });
    console.info(`scheduled digests: ${JSON.stringify(stats)}`);
    expect(stats.receivedAtKill.filter((n) => n > 0 && n < subscriptions).length).toBeGreaterThan(trials / 2);
    expect({ missing: stats.missing, duplicates: stats.duplicates }).toEqual({ missing: 0, duplicates: 0 });
  });

  it('digest now killed while Slack holds the post, then repeated: posted once, and the user is told so', async () => {
    const r = await harness.digestNowTrials({ trials: 10 });
    console.info(`digest now: ${JSON.stringify({ ...r, replies: [...new Set(r.replies)] })}`);
    expect({ missing: r.missing, duplicates: r.duplicates }).toEqual({ missing: 0, duplicates: 0 });
    expect(r.replies.every((t) => t.includes('被中断，但消息已经发出'))).toBe(true);
  });
});
