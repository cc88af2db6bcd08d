import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-port.js';
import { ownerId } from '../../src/digest/owner.js';
import type { DigestAttempt } from '../../src/store/store.js';
import { CheckablePort, RecordingPort, refOf, setupDigests, type DigestSetupOptions } from '../helpers/digests.js';
import { BACKENDS, failWrites, unfinishedAttempts, type BackendName } from '../helpers/stores.js';

/**
 * The duplicate window of digests: each send is an attempt recorded first; an attempt whose outcome is unknown
 * (answer lost, process killed) is reconciled with the platform where it can tell, else never re-sent.
 */
const lostAnswer = () => new DeliveryError('retry', 'socket hang up', { maybeDelivered: true });
type Setup = Awaited<ReturnType<typeof setupDigests>>;
const attemptsIn = (t: Setup) => unfinishedAttempts(t.store);

/** The pid of a process that has exited: the owner of an attempt left by a killed bot on this machine. */
function deadOwner(): string {
  return ownerId(spawnSync(process.execPath, ['-e', '0']).pid!);
}

async function leftBehind(t: Setup, slot: string, owner: string, id = 'left-behind'): Promise<DigestAttempt> {
  const sub = (await t.store.getSubscription('slack:T1:C1'))!;
  const now = t.clock.now();
  const attempt = { address: sub.address, slot, id, unitId: sub.rotation[sub.position], position: sub.position, owner, startedAt: now, expiresAt: new Date(now.getTime() + 300_000) };
  expect((await t.store.beginDigestAttempts([attempt], () => false))[0].kind).toBe('fresh');
  return attempt;
}

describe.each(BACKENDS)('digest attempts (%s)', (backend: BackendName) => {
  const setup = (start: string, port?: RecordingPort) => setupDigests(start, { backend, port } satisfies DigestSetupOptions);

  it('records the attempt before the message leaves, and removes it with the post', async () => {
    const t = await setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    let during: unknown[] = [];
    t.port.onSend = async () => void (during = await attemptsIn(t));
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    expect(during).toEqual([expect.objectContaining({ slot: '2026-11-26', id: t.port.sent[0].key!.attempt })]);
    expect(t.port.sent[0].key).toEqual({ subscription: 'slack:T1:C1', day: '2026-11-26', attempt: expect.any(String) });
    expect(await attemptsIn(t)).toEqual([]);
    expect(await t.store.hasPosted('slack:T1:C1', '2026-11-26')).toBe(true);
  });

  it('claims are made only for senders ready to send: no claimed digest waits in a queue (a crash would strand it)', async () => {
    const t = await setupDigests('2026-11-26T08:00:00Z', { backend, port: new RecordingPort(), concurrency: 4 });
    for (let i = 0; i < 30; i++) await t.say('digest on 09:00 UTC', `slack:T1:C${i}`);
    const sizes: number[] = [];
    const claims = t.store.beginDigestAttempts.bind(t.store);
    t.store.beginDigestAttempts = (fresh, gone) => (sizes.push(fresh.length), claims(fresh, gone));
    let most = 0;
    t.port.delayMs = 5;
    t.port.onSend = async () => void (most = Math.max(most, (await attemptsIn(t)).length));
    t.clock.set('2026-11-26T09:00:00Z');
    expect((await t.digests.tick()).posted).toHaveLength(30);
    expect(most).toBeLessThanOrEqual(4); // only the ones being sent
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it('an answer lost after the platform kept the message: the next try finds it and does not post again', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.port.lostAnswers.push(lostAnswer());
    t.clock.set('2026-11-26T09:00:00Z');
    expect((await t.digests.tick()).deferred).toEqual(['slack:T1:C1']);
    t.clock.set('2026-11-26T09:05:00Z');
    expect((await t.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(t.port.sent).toHaveLength(1);
    expect((t.port as CheckablePort).finds).toBe(1);
    t.clock.set('2026-11-27T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });

  it('an answer lost before the platform kept it: the next try finds nothing and posts once', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.port.failures.push(lostAnswer());
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    t.clock.set('2026-11-26T09:05:00Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1']);
    expect((t.port as CheckablePort).finds).toBe(1);
  });

  it('where the platform cannot be asked, an attempt that may have arrived is not sent again (at most once)', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new RecordingPort());
    await t.say('digest on 09:00 UTC');
    t.port.lostAnswers.push(lostAnswer());
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    t.clock.set('2026-11-26T09:05:00Z');
    await t.digests.tick();
    t.clock.set('2026-11-26T12:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    expect(t.logs.find((l) => l.message.includes('at most once'))?.extra).toMatchObject({ address: 'slack:T1:C1', reason: expect.stringContaining('cannot be asked') });
    t.clock.set('2026-11-27T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });

  it('a refused send (the platform said no) is simply retried, without asking', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.port.failures.push(new DeliveryError('retry', 'http_503'));
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    expect(await attemptsIn(t)).toEqual([]);
    t.clock.set('2026-11-26T09:01:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    expect((t.port as CheckablePort).finds).toBe(0);
  });

  it('an attempt left by a killed process on this host is recovered at once: found, so not posted again', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.clock.set('2026-11-26T09:00:00Z');
    const attempt = await leftBehind(t, '2026-11-26', deadOwner());
    // The killed process had posted it: the platform has the message with that attempt id.
    t.port.sent.push({ address: 'slack:T1:C1', reply: t.digests.digestReply(attempt.unitId, 'zh'), key: { subscription: 'slack:T1:C1', day: '2026-11-26', attempt: attempt.id } });
    expect((await t.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(t.port.sent).toHaveLength(1);
    expect(await t.store.hasPosted('slack:T1:C1', '2026-11-26')).toBe(true);
  });

  it('an attempt held by a live process elsewhere waits for its lease; then it is checked and posted once', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.clock.set('2026-11-26T09:00:00Z');
    const attempt = await leftBehind(t, '2026-11-26', 'other-host:4242:alive');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-11-26T09:05:01Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => s.key?.attempt)).toEqual([attempt.id]);
    expect((t.port as CheckablePort).finds).toBe(1);
  });

  it('digest now killed mid-post and repeated: the platform has it, so it is not posted again', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    const attempt = await leftBehind(t, 'now', deadOwner());
    t.port.sent.push({ address: 'slack:T1:C1', reply: t.digests.digestReply(attempt.unitId, 'zh'), key: { subscription: 'slack:T1:C1', day: 'now', attempt: attempt.id } });
    const again = await t.say('digest now');
    expect(again.message).toBe('上一次 digest now（13(a)-1）被中断，但消息已经发出，不再重复发送。');
    expect(t.port.sent).toHaveLength(1);
    expect((await t.say('digest now')).message).toContain('13(a)-2');
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });

  it('digest now killed before the post left: repeated, it posts that recommendation once', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    const attempt = await leftBehind(t, 'now', deadOwner());
    expect((await t.say('digest now')).message).toContain('13(a)-1');
    expect(t.port.sent.map((s) => s.key?.attempt)).toEqual([attempt.id]);
  });

  it('digest now twice at once: the second is told one is under way', async () => {
    const t = await setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    t.port.delayMs = 100;
    const [a, b] = await Promise.all([t.say('digest now'), t.say('digest now')]);
    expect([a.message, b.message].sort()).toEqual(['已在本频道发送下一条建议：13(a)-1。', '本频道正在发送一条每日建议，请稍等片刻。']);
    expect(t.port.sent).toHaveLength(1);
  });

  it('a full disk after a successful post: the digest counts as posted, is never re-sent, and is recorded once space is back', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    let disk: { restore: () => Promise<void> } | undefined;
    t.port.onSend = async () => void (disk ??= await failWrites(t.store));
    t.clock.set('2026-11-26T09:00:00Z');
    expect((await t.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(t.logs.some((l) => l.message.includes('not recorded yet'))).toBe(true);
    t.clock.set('2026-11-26T09:30:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    await disk!.restore();
    await t.digests.tick();
    expect(await t.store.hasPosted('slack:T1:C1', '2026-11-26')).toBe(true);
    expect(t.port.sent).toHaveLength(1);
    t.clock.set('2026-11-27T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });

  it('a full disk after digest now posted: the user is told it was posted, not that it failed', async () => {
    const t = await setup('2026-11-26T08:00:00Z', new CheckablePort());
    await t.say('digest on 09:00 UTC');
    t.port.onSend = async () => void (await failWrites(t.store));
    const r = await t.say('digest now');
    expect(r.kind).toBe('digest');
    expect(r.message).toBe('已在本频道发送下一条建议：13(a)-1。');
    expect(t.port.sent).toHaveLength(1);
  });
});
