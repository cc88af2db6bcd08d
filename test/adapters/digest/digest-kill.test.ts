import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KillHarness } from '../../crash/kill-runner.js';

/**
 * The kill test in small (real processes, kill -9 during delivery, the next process recovers): 2 passes over
 * 20 channels and one repeated `digest now`. The full-size run (20 × 100, 10 × digest now) is `npm run test:crash`.
 */
let harness: KillHarness;
beforeAll(async () => {
  harness = await new KillHarness().start(250);
});
afterAll(async () => {
  await harness.stop();
});

describe('kill -9 during digest delivery, small', () => {
  it('2 trials × 20 subscriptions: no digest missing, none twice', async () => {
    const stats = await harness.scheduledTrials({ trials: 2, subscriptions: 20, delayMs: 250, seed: 7 });
    expect({ missing: stats.missing, duplicates: stats.duplicates }).toEqual({ missing: 0, duplicates: 0 });
  }, 120_000);

  it('digest now killed mid-post and repeated: posted once', async () => {
    const r = await harness.digestNowTrials({ trials: 1 });
    expect({ missing: r.missing, duplicates: r.duplicates }).toEqual({ missing: 0, duplicates: 0 });
    expect(r.replies.every((t) => t.includes('被中断，但消息已经发出'))).toBe(true);
  }, 120_000);
});
