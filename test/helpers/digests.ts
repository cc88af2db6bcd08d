import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Answers } from '../../src/answering/answers.js';
import { SsrBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { DeliveryRouter, type DeliveryKey, type DeliveryLookup, type DeliveryPort } from '../../src/delivery/delivery-port.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { loadGlossaryExpander } from '../../src/glossary/load-glossary.js';
import type { Reply } from '../../src/reply/reply-model.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { CORPUS_DIR, message } from './bot.js';

/** The digest service over a real SQLite file and a manual clock; the platform is a recording delivery port. */
const corpus = loadCorpus(CORPUS_DIR);
const expander = loadGlossaryExpander(CORPUS_DIR);

export class RecordingPort implements DeliveryPort {
  sent: { address: string; reply: Reply; key?: DeliveryKey }[] = [];
  /** Thrown before the message is kept (the platform refused it). */
  failures: (Error | undefined)[] = [];
  /** Thrown after the message is kept (the platform has it; the answer got lost). */
  lostAnswers: Error[] = [];
  /** Runs while the message is in flight, after the platform kept it. */
  onSend?: () => void;
  delayMs = 0;
  async send(address: string, reply: Reply, key?: DeliveryKey) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const f = this.failures.shift();
    if (f) throw f;
    this.sent.push({ address, reply, key });
    this.onSend?.();
    const lost = this.lostAnswers.shift();
    if (lost) throw lost;
  }
}

/** A platform that can be asked whether an attempt's message arrived (as Slack can, with message metadata). */
export class CheckablePort extends RecordingPort {
  finds = 0;
  async find(_address: string, key: DeliveryKey): Promise<DeliveryLookup> {
    this.finds++;
    return this.sent.some((s) => s.key?.attempt === key.attempt) ? { kind: 'found' } : { kind: 'absent' };
  }
}

export function setupDigests(start: string, dbPath = join(mkdtempSync(join(tmpdir(), 'ssr-digest-')), 'd.db'), port: RecordingPort = new RecordingPort()) {
  const clock = new ManualClock(start);
  const store = new SqliteStore(dbPath);
  const logs: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const record = (level: string) => (m: string, extra?: Record<string, unknown>) => void logs.push({ level, message: m, extra });
  const log = { info: record('info'), warn: record('warn'), error: record('error') };
  const answers = new Answers({ corpus, expander });
  const delivery = new DeliveryRouter();
  delivery.register('slack:', port);
  const digests = new DigestService({ content: answers, store, clock, delivery, defaultTimeZone: 'UTC', log });
  const bot = new SsrBot({ answers, digests, store, clock, log });
  const say = (text: string, address = 'slack:T1:C1') => bot.handleMessage(message(text, { address }));
  return { clock, store, bot, digests, port, say, dbPath, logs };
}

export const refOf = (r: Reply) => r.hits[0]?.ref;
