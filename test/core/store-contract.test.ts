import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ownerId, ownerIsGone } from '../../src/digest/owner.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { CONVERSATION_REFRESH_MS } from '../../src/store/saved-conversations.js';
import { StoreError } from '../../src/store/store-errors.js';
import type { DigestAttempt, Store, Subscription } from '../../src/store/store.js';
import { freePort } from '../helpers/postgres.js';
import { BACKENDS, failWrites, newStoreLocation, openStoreAt, openTestStore, refuseWrites, rowsOf, testPostgres } from '../helpers/stores.js';

/**
 * The Store contract (src/store/store.ts), run over both backends: a real SQLite file and a real PostgreSQL
 * server. Whatever the digest service, the adapters and the replicas rely on is stated here once.
 */
const T0 = new Date('2026-11-26T09:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const alive = () => false;

function subscription(address: string, extra: Partial<Subscription> = {}): Subscription {
  return { address, time: '09:00', timeZone: 'UTC', locale: 'zh', rotation: ['u1', 'u2', 'u3'], position: 0, enabled: true, attempts: 0, createdAt: later(-86_400_000), updatedAt: later(-86_400_000), ...extra };
}

/** One slot claimed on its own. */
async function claim(store: Store, fresh: DigestAttempt, ownerGone: (owner: string) => boolean) {
  return (await store.beginDigestAttempts([fresh], ownerGone))[0];
}

/** One posted attempt recorded on its own. */
async function finish(store: Store, a: DigestAttempt, nextPosition: number, at: Date) {
  return (await store.finishDigestAttempts([{ attempt: a, nextPosition }], at))[0];
}

function attempt(address: string, slot: string, extra: Partial<DigestAttempt> = {}): DigestAttempt {
  return { address, slot, id: `a-${Math.random().toString(36).slice(2)}`, unitId: 'u1', position: 0, owner: 'host:1:m:one', startedAt: T0, expiresAt: later(300_000), ...extra };
}

describe.each(BACKENDS)('Store contract on %s', (backend) => {
  it('event ids: recorded once, pruned by age', async () => {
    const s = await openTestStore(backend);
    expect(await s.markEventHandled('Ev1', T0)).toBe(true);
    expect(await s.markEventHandled('Ev1', later(1000))).toBe(false);
    expect(await s.markEventHandled('Ev2', later(10_000))).toBe(true);
    expect(await s.pruneHandledEvents(later(5000))).toBe(1);
    expect(await s.markEventHandled('Ev1', later(20_000))).toBe(true);
  });

  it('feedback counts up and down per unit', async () => {
    const s = await openTestStore(backend);
    expect(await s.feedbackFor('u1')).toEqual({ up: 0, down: 0 });
    for (const helpful of [true, true, false]) await s.recordFeedback({ address: 'slack:T1:C1', user: 'U1', unitId: 'u1', query: '名册', helpful, at: T0 });
    await s.recordFeedback({ address: 'slack:T1:C1', user: 'U1', unitId: 'u2', query: 'x', helpful: false, at: T0 });
    expect(await s.feedbackFor('u1')).toEqual({ up: 2, down: 1 });
    expect(await s.feedbackReport()).toEqual({
      units: [{ unitId: 'u1', up: 2, down: 1 }, { unitId: 'u2', up: 0, down: 1 }],
      questions: [{ query: '名册', unitId: 'u1', up: 2, down: 1 }, { query: 'x', unitId: 'u2', up: 0, down: 1 }],
    });
  });

  it('conversation references round-trip as JSON and keep the last known locale', async () => {
    const s = await openTestStore(backend);
    const reference = { conversation: { id: '19:abc;messageid=1' }, serviceUrl: 'http://127.0.0.1:1/', list: [1, 2] };
    await s.saveConversation({ address: 'teams:1', reference, locale: 'en-US', updatedAt: T0 });
    await s.saveConversation({ address: 'teams:1', reference: { ...reference, list: [3] }, updatedAt: later(1000) });
    expect(await s.getConversation('teams:1')).toEqual({ address: 'teams:1', reference: { ...reference, list: [3] }, locale: 'en-US', updatedAt: later(1000) });
    expect(await s.getConversation('teams:2')).toBeUndefined();
  });

  it('a conversation reference is written when it or the locale changed; an unchanged one is not rewritten', async () => {
    const s = await openTestStore(backend);
    const a = { conversation: { id: '19:abc' }, serviceUrl: 'http://127.0.0.1:1/', user: { id: '29:alice' } };
    const b = { ...a, user: { id: '29:bob' } };
    await s.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: T0 });
    await s.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: later(1000) });
    await s.saveConversation({ address: 'teams:1', reference: a, updatedAt: later(2000) }); // no locale: the stored one stays
    expect(await s.getConversation('teams:1')).toEqual({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: T0 });
    await s.saveConversation({ address: 'teams:1', reference: b, updatedAt: later(3000) });
    expect(await s.getConversation('teams:1')).toEqual({ address: 'teams:1', reference: b, locale: 'en-US', updatedAt: later(3000) });
    await s.saveConversation({ address: 'teams:1', reference: b, locale: 'zh-CN', updatedAt: later(4000) });
    expect(await s.getConversation('teams:1')).toEqual({ address: 'teams:1', reference: b, locale: 'zh-CN', updatedAt: later(4000) });
  });

  it('an unchanged conversation reference costs no statement; a changed one is always written (tried here: writes are refused)', async () => {
    const s = await openTestStore(backend);
    const a = { conversation: { id: '19:abc' }, serviceUrl: 'http://127.0.0.1:1/' };
    await s.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: T0 });
    const refused = await refuseWrites(s, 'conversations');
    try {
      await s.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: later(1000) });
      const err = await s.saveConversation({ address: 'teams:1', reference: { ...a, serviceUrl: 'http://127.0.0.1:2/' }, updatedAt: later(2000) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      // Nothing was remembered from the failed write: the same reference is tried again.
      const again = await s.saveConversation({ address: 'teams:1', reference: { ...a, serviceUrl: 'http://127.0.0.1:2/' }, updatedAt: later(3000) }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(StoreError);
    } finally {
      await refused.restore();
    }
    expect((await s.getConversation('teams:1'))!.reference).toEqual(a);
  });

  it('replicas: an identical row is not rewritten by another process, and a reference another stored is replaced with ours within the refresh time', async () => {
    const at = await newStoreLocation(backend);
    const [one, two] = [await openStoreAt(at), await openStoreAt(at)];
    const a = { conversation: { id: '19:abc' }, serviceUrl: 'http://127.0.0.1:1/' };
    const b = { ...a, serviceUrl: 'http://127.0.0.1:2/' };
    await one.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: T0 });
    await two.saveConversation({ address: 'teams:1', reference: a, locale: 'en-US', updatedAt: later(1000) });
    expect((await one.getConversation('teams:1'))!.updatedAt).toEqual(T0);
    await two.saveConversation({ address: 'teams:1', reference: b, updatedAt: later(2000) });
    expect(await one.getConversation('teams:1')).toMatchObject({ reference: b, updatedAt: later(2000) });
    await one.saveConversation({ address: 'teams:1', reference: a, updatedAt: later(2000 + CONVERSATION_REFRESH_MS) });
    expect(await two.getConversation('teams:1')).toMatchObject({ reference: a, locale: 'en-US', updatedAt: later(2000 + CONVERSATION_REFRESH_MS) });
  });

  it('welcomes: exactly one caller welcomes, forgetting allows the next', async () => {
    const s = await openTestStore(backend);
    const first = await Promise.all([s.markWelcomed('teams:1', T0), s.markWelcomed('teams:1', T0), s.markWelcomed('teams:1', T0)]);
    expect(first.filter(Boolean)).toHaveLength(1);
    await s.forgetWelcome('teams:1');
    expect(await s.markWelcomed('teams:1', T0)).toBe(true);
  });

  it('a conversation\'s language: none until set, then the last one set', async () => {
    const s = await openTestStore(backend);
    expect(await s.conversationLanguage('slack:T1:C1')).toBeUndefined();
    await s.setConversationLanguage('slack:T1:C1', 'en', T0);
    await s.setConversationLanguage('slack:T1:C1', 'zh', later(1));
    await s.setConversationLanguage('slack:T1:C2', 'en', T0);
    expect([await s.conversationLanguage('slack:T1:C1'), await s.conversationLanguage('slack:T1:C2')]).toEqual(['zh', 'en']);
  });

  it('subscriptions: saved, updated, listed in address order, disabled, deferred, deleted', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C2', { topic: '名册', locale: 'en' }));
    await s.saveSubscription(subscription('slack:T1:C1'));
    await s.saveSubscription(subscription('slack:T1:C1', { time: '10:30', timeZone: 'Asia/Shanghai', position: 2 }));
    expect((await s.listSubscriptions()).map((x) => x.address)).toEqual(['slack:T1:C1', 'slack:T1:C2']);
    expect(await s.getSubscription('slack:T1:C1')).toEqual(subscription('slack:T1:C1', { time: '10:30', timeZone: 'Asia/Shanghai', position: 2 }));
    expect(await s.getSubscription('slack:T1:C2')).toEqual(subscription('slack:T1:C2', { topic: '名册', locale: 'en' }));
    await s.deferSubscription('slack:T1:C1', later(60_000), 1);
    expect(await s.getSubscription('slack:T1:C1')).toMatchObject({ retryAt: later(60_000), attempts: 1 });
    await s.disableSubscription('slack:T1:C2', 'not_in_channel', T0);
    expect(await s.getSubscription('slack:T1:C2')).toMatchObject({ enabled: false, disabledReason: 'not_in_channel', updatedAt: T0 });
    expect(await s.deleteSubscription('slack:T1:C2')).toBe(true);
    expect(await s.deleteSubscription('slack:T1:C2')).toBe(false);
    expect(await s.getSubscription('slack:T1:C2')).toBeUndefined();
  });

  it('a day: fresh, then busy for everyone while the lease runs; finished, it is done and the rotation moved', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1', { attempts: 2, retryAt: T0 }));
    const a = attempt('slack:T1:C1', '2026-11-26');
    expect(await claim(s, a, alive)).toEqual({ kind: 'fresh', attempt: a });
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26', { owner: 'host:2:m:two' }), alive)).kind).toBe('busy');
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26'), alive)).kind).toBe('busy');
    expect(await s.hasPosted('slack:T1:C1', '2026-11-26')).toBe(false);
    expect(await finish(s, a, 1, later(1000))).toBe(true);
    expect(await finish(s, a, 1, later(1000))).toBe(false);
    expect(await s.hasPosted('slack:T1:C1', '2026-11-26')).toBe(true);
    expect(await s.getSubscription('slack:T1:C1')).toMatchObject({ position: 1, attempts: 0, retryAt: undefined, updatedAt: later(1000) });
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26', { startedAt: later(86_000_000), expiresAt: later(87_000_000) }), alive)).kind).toBe('done');
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-27'), alive)).kind).toBe('fresh');
  });

  it('an attempt is taken over (same id, unit and start) when its lease ran out or its owner is gone', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1'));
    const a = attempt('slack:T1:C1', '2026-11-26', { unitId: 'u2', position: 1 });
    await claim(s, a, alive);
    const afterLease = attempt('slack:T1:C1', '2026-11-26', { owner: 'host:2:m:two', startedAt: later(300_000), expiresAt: later(600_000) });
    expect(await claim(s, afterLease, alive)).toEqual({ kind: 'recover', attempt: { ...a, owner: 'host:2:m:two', expiresAt: later(600_000) } });
    const asked: string[] = [];
    const third = attempt('slack:T1:C1', '2026-11-26', { owner: 'host:3:m:three', startedAt: later(300_001), expiresAt: later(900_000) });
    const gone = (owner: string) => (asked.push(owner), owner === 'host:2:m:two');
    expect(await claim(s, third, gone)).toMatchObject({ kind: 'recover', attempt: { id: a.id, unitId: 'u2', position: 1, startedAt: T0, owner: 'host:3:m:three' } });
    expect(new Set(asked)).toEqual(new Set(['host:2:m:two'])); // the holder it found, and no one else
  });

  it('suspend ends the lease at once (the next try reconciles); abandon forgets the attempt; both only for its owner', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1'));
    const a = attempt('slack:T1:C1', '2026-11-26');
    await claim(s, a, alive);
    await s.suspendDigestAttempt({ ...a, owner: 'someone-else' }, T0);
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26', { startedAt: later(1) }), alive)).kind).toBe('busy');
    await s.suspendDigestAttempt(a, T0);
    const b = attempt('slack:T1:C1', '2026-11-26', { owner: 'host:2:m:two', startedAt: later(1), expiresAt: later(300_000) });
    const recovered = await claim(s, b, alive);
    expect(recovered).toMatchObject({ kind: 'recover', attempt: { id: a.id } });
    const taken = (recovered as { attempt: DigestAttempt }).attempt;
    await s.abandonDigestAttempt(a); // no longer its owner: nothing happens
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26', { startedAt: later(2) }), alive)).kind).toBe('busy');
    await s.abandonDigestAttempt(taken);
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26', { startedAt: later(3) }), alive)).kind).toBe('fresh');
  });

  it('"now" is never done: after each finish the next digest now starts fresh, and the retry state stays', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1', { attempts: 2, retryAt: later(60_000) }));
    const a = attempt('slack:T1:C1', 'now');
    expect((await claim(s, a, alive)).kind).toBe('fresh');
    expect(await finish(s, a, 1, T0)).toBe(true);
    expect(await s.hasPosted('slack:T1:C1', 'now')).toBe(false);
    expect(await s.getSubscription('slack:T1:C1')).toMatchObject({ position: 1, attempts: 2, retryAt: later(60_000) });
    expect((await claim(s, attempt('slack:T1:C1', 'now'), alive)).kind).toBe('fresh');
  });

  it('deleting a subscription drops its unfinished attempts but keeps the posted days', async () => {
    const s = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1'));
    const posted = attempt('slack:T1:C1', '2026-11-25');
    await claim(s, posted, alive);
    await finish(s, posted, 1, T0);
    await claim(s, attempt('slack:T1:C1', '2026-11-26'), alive);
    expect(await s.deleteSubscription('slack:T1:C1')).toBe(true);
    expect(await s.hasPosted('slack:T1:C1', '2026-11-25')).toBe(true);
    expect((await claim(s, attempt('slack:T1:C1', '2026-11-26'), alive)).kind).toBe('fresh');
  });

  it('a batch answers each slot in order: fresh, done, busy, taken over', async () => {
    const s = await openTestStore(backend);
    for (const a of ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3', 'slack:T1:C4']) await s.saveSubscription(subscription(a));
    const posted = attempt('slack:T1:C2', '2026-11-26');
    await claim(s, posted, alive);
    await finish(s, posted, 1, T0);
    await claim(s, attempt('slack:T1:C3', '2026-11-26', { expiresAt: later(600_000) }), alive);
    const stale = attempt('slack:T1:C4', '2026-11-26', { expiresAt: later(1000) });
    await claim(s, stale, alive);
    const at = { startedAt: later(2000), expiresAt: later(302_000), owner: 'host:9:m:nine' };
    const batch = ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3', 'slack:T1:C4'].map((a) => attempt(a, '2026-11-26', at));
    expect((await s.beginDigestAttempts(batch, alive)).map((c) => c.kind)).toEqual(['fresh', 'done', 'busy', 'recover']);
    expect(await s.beginDigestAttempts([], alive)).toEqual([]);
  });

  it('a batch of posted attempts is recorded together, one answer each in order', async () => {
    const s = await openTestStore(backend);
    for (const a of ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C3']) await s.saveSubscription(subscription(a, { attempts: 3, retryAt: T0 }));
    const [day, gone, now] = [attempt('slack:T1:C1', '2026-11-26'), attempt('slack:T1:C2', '2026-11-26'), attempt('slack:T1:C3', 'now')];
    await s.beginDigestAttempts([day, gone, now], alive);
    await s.abandonDigestAttempt(gone);
    const posted = [day, gone, now].map((a, i) => ({ attempt: a, nextPosition: i + 1 }));
    expect(await s.finishDigestAttempts(posted, later(5))).toEqual([true, false, true]);
    expect(await s.getSubscription('slack:T1:C1')).toMatchObject({ position: 1, attempts: 0, retryAt: undefined });
    expect(await s.getSubscription('slack:T1:C2')).toMatchObject({ position: 0, attempts: 3 });
    expect(await s.getSubscription('slack:T1:C3')).toMatchObject({ position: 3, attempts: 3, retryAt: T0 });
    expect([await s.hasPosted('slack:T1:C1', '2026-11-26'), await s.hasPosted('slack:T1:C2', '2026-11-26')]).toEqual([true, false]);
    expect(await s.finishDigestAttempts([], T0)).toEqual([]);
  });

  it('many claims of one day at once, over several connections: exactly one is fresh', async () => {
    const at = await newStoreLocation(backend);
    const stores = [await openStoreAt(at), await openStoreAt(at), await openStoreAt(at)];
    await stores[0].saveSubscription(subscription('slack:T1:C1'));
    const claims = await Promise.all(Array.from({ length: 30 }, (_, i) => claim(stores[i % 3], attempt('slack:T1:C1', '2026-11-26', { owner: `host:${i}:m:x` }), alive)));
    expect(claims.filter((c) => c.kind === 'fresh')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'busy')).toHaveLength(29);
  });

  it('a stale attempt claimed by many at once is taken over by exactly one', async () => {
    const at = await newStoreLocation(backend);
    const stores = [await openStoreAt(at), await openStoreAt(at), await openStoreAt(at)];
    await stores[0].saveSubscription(subscription('slack:T1:C1'));
    await claim(stores[0], attempt('slack:T1:C1', '2026-11-26'), alive);
    const claims = await Promise.all(
      Array.from({ length: 30 }, (_, i) => claim(stores[i % 3], attempt('slack:T1:C1', '2026-11-26', { owner: `host:${i}:m:x`, startedAt: later(400_000), expiresAt: later(700_000) }), alive)),
    );
    expect(claims.filter((c) => c.kind === 'recover')).toHaveLength(1);
  });

  it('installations: by key, through a member link, replaced, and removed with their subscriptions disabled', async () => {
    const s = await openTestStore(backend);
    const data = { bot: { token: 'xoxb-1', userId: 'UBOT' }, team: { id: 'T1' } };
    await s.saveInstallation({ key: 'slack:T1', data, updatedAt: T0 });
    await s.saveInstallation({ key: 'slack:E1', data: { enterprise: { id: 'E1' }, bot: { token: 'xoxb-org' } }, updatedAt: T0 });
    await s.linkInstallation('slack:T7', 'slack:E1', T0);
    await s.linkInstallation('slack:T8', 'slack:E1', T0);
    expect(await s.findInstallation('slack:T1')).toEqual({ key: 'slack:T1', data, updatedAt: T0 });
    expect(await s.findInstallation('slack:T7')).toMatchObject({ key: 'slack:E1', data: { bot: { token: 'xoxb-org' } } });
    expect(await s.findInstallation('slack:T9')).toBeUndefined();
    await s.saveInstallation({ key: 'slack:T1', data: { ...data, bot: { token: 'xoxb-2' } }, updatedAt: later(1) });
    expect(await s.findInstallation('slack:T1')).toMatchObject({ data: { bot: { token: 'xoxb-2' } }, updatedAt: later(1) });

    for (const a of ['slack:T1:C1', 'slack:T1:C2', 'slack:T10:C1', 'slack:T7:C1', 'slack:T8:C1', 'slack:T9:C1']) await s.saveSubscription(subscription(a));
    expect(await s.removeInstallation('slack:T1', 'app_uninstalled', T0)).toEqual({ removed: true, disabled: 2 });
    expect(await s.findInstallation('slack:T1')).toBeUndefined();
    expect((await s.getSubscription('slack:T10:C1'))!.enabled).toBe(true); // T10 is another workspace, not under T1
    // One workspace leaves an organisation-wide installation: only it is cut off.
    expect(await s.removeInstallation('slack:T8', 'app_uninstalled', T0)).toEqual({ removed: true, disabled: 1 });
    expect(await s.findInstallation('slack:T7')).toMatchObject({ key: 'slack:E1' });
    expect(await s.removeInstallation('slack:E1', 'tokens_revoked', T0)).toEqual({ removed: true, disabled: 1 });
    expect(await s.findInstallation('slack:T7')).toBeUndefined();
    expect(await s.getSubscription('slack:T7:C1')).toMatchObject({ enabled: false, disabledReason: 'tokens_revoked' });
    expect((await s.getSubscription('slack:T9:C1'))!.enabled).toBe(true);
    expect(await s.removeInstallation('slack:E1', 'app_uninstalled', T0)).toEqual({ removed: false, disabled: 0 });
    // Installed again: its workspaces are served again without being linked anew.
    await s.saveInstallation({ key: 'slack:E1', data: { bot: { token: 'xoxb-org-2' } }, updatedAt: T0 });
    expect(await s.findInstallation('slack:T7')).toMatchObject({ key: 'slack:E1', data: { bot: { token: 'xoxb-org-2' } } });
    expect(await s.findInstallation('slack:T8')).toBeUndefined();
  });

  it('an owner on this machine whose process is gone is recognised; other machines and formats are not', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(ownerIsGone(ownerId(dead))).toBe(true);
    expect(ownerIsGone(ownerId(process.pid))).toBe(false);
    expect(ownerIsGone(ownerId(dead, 'another-machine'))).toBe(false);
    expect(ownerIsGone(`host:${dead}:old-format`)).toBe(false);
  });

  it('a backend-specific write failure is a coded StoreError, and the store works again afterwards', async () => {
    const s: Store = await openTestStore(backend);
    await s.saveSubscription(subscription('slack:T1:C1'));
    const broken = await failWrites(s);
    const big = subscription('slack:T1:C2', { rotation: Array.from({ length: 500 }, (_, i) => `unit-${i}`) }); // needs new pages
    const err = await s.saveSubscription(big).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('STORE_FULL');
    await broken.restore();
    await s.saveSubscription(big);
    expect((await s.getSubscription('slack:T1:C2'))!.rotation).toHaveLength(500);
  });
});

describe('PostgreSQL store specifics', () => {
  it('a server that refuses the connection: STORE_UNREACHABLE naming DATABASE_URL, without the password', async () => {
    const port = await freePort();
    const err = await PostgresStore.open(`postgres://bot:s3cret@127.0.0.1:${port}/ssr`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('STORE_UNREACHABLE');
    expect((err as StoreError).message).toContain('DATABASE_URL');
    expect((err as StoreError).message).toContain(`127.0.0.1:${port}`);
    expect((err as StoreError).message).not.toContain('s3cret');
  });

  it('a database that does not exist, and a wrong user: refused at start with how to fix it', async () => {
    const server = await testPostgres();
    const missing = await PostgresStore.open(server.url.replace(/\/postgres$/u, '/nosuchdb')).catch((e: unknown) => e);
    expect((missing as StoreError).message).toMatch(/does not exist.*createdb/u);
    const user = await PostgresStore.open(server.url.replace('postgres@', 'nosuchuser@')).catch((e: unknown) => e);
    expect((user as StoreError).code).toBe('STORE_FAILED');
    expect((user as StoreError).message).toContain('nosuchuser');
  });

  it('migrations are versioned and applied once, even by replicas starting together; a newer schema is refused', async () => {
    const at = await newStoreLocation('postgres');
    const stores = await Promise.all([openStoreAt(at), openStoreAt(at), openStoreAt(at)]);
    const versions = await rowsOf<{ version: number }>(stores[0], { sqlite: '', postgres: 'SELECT version FROM schema_migrations ORDER BY version' });
    expect(versions.map((v) => v.version)).toEqual([1]);
    await (stores[0] as PostgresStore).pool.query('INSERT INTO schema_migrations (version) VALUES (99)');
    const err = await PostgresStore.open(at.target).catch((e: unknown) => e);
    expect((err as StoreError).message).toMatch(/version 99, newer than this ssr-bot knows \(1\)/u);
  });

  it('a statement that outlasts the timeout fails instead of holding the caller', async () => {
    const at = await newStoreLocation('postgres');
    const holder = await openStoreAt(at);
    const s = await PostgresStore.open(at.target, { statementTimeoutMs: 300 });
    try {
      await s.saveSubscription(subscription('slack:T1:C1'));
      const c = await (holder as PostgresStore).pool.connect();
      await c.query('BEGIN');
      await c.query('LOCK TABLE subscriptions IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const err = await s.getSubscription('slack:T1:C1').catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((err as StoreError).code).toBe('STORE_UNREACHABLE');
      await c.query('ROLLBACK');
      c.release();
      expect((await s.getSubscription('slack:T1:C1'))!.address).toBe('slack:T1:C1');
    } finally {
      await s.close();
    }
  });
});
