import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Answers } from '../../src/answering/answers.js';
import { SsrBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { DeliveryRouter } from '../../src/delivery/delivery-port.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Telemetry } from '../../src/telemetry.js';
import { CORPUS_DIR, message } from '../helpers/bot.js';

/** Shutdown and telemetry of the digest timer: stop() lets a pass that is sending finish first. */
describe('digest service stop', () => {
  it('waits for the send in progress, which is recorded (and counted) before stop resolves', async () => {
    const clock = new ManualClock('2026-11-26T08:00:00Z');
    const store = await SqliteStore.open(join(mkdtempSync(join(tmpdir(), 'ssr-digest-stop-')), 'd.db'));
    const counted: string[] = [];
    const telemetry: Telemetry = { request() {}, search() {}, backoff() {}, digest: (o) => counted.push(o) };
    const answers = new Answers({ corpus: loadCorpus(CORPUS_DIR) });
    const delivery = new DeliveryRouter();
    let release!: () => void;
    let sending!: () => void;
    const started = new Promise<void>((r) => (sending = r));
    delivery.register('slack:', {
      send: () => {
        sending();
        return new Promise<void>((r) => (release = r));
      },
    });
    const digests = new DigestService({ content: answers, store, clock, delivery, defaultTimeZone: 'UTC', telemetry });
    const bot = new SsrBot({ answers, digests, store, clock });
    await bot.handleMessage(message('digest on 09:00', { address: 'slack:T1:C1' }));
    clock.set('2026-11-27T09:00:30Z');

    digests.start(); // its first pass starts at once and blocks in send()
    await started;
    let stopped = false;
    const stopping = digests.stop().then(() => (stopped = true));
    // A stop() that did not wait for the send would have resolved once the pending callbacks ran.
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await store.hasPosted('slack:T1:C1', '2026-11-27')).toBe(true);
    expect(counted).toEqual(['posted']);
    store.close();
  });
});
