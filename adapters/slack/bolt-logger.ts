import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { describeError } from '../../src/errors.js';
import type { Logger } from '../logger.js';

/** Bolt's (and its Web API and Socket Mode clients') Logger interface over ours: one log stream, one LOG_LEVEL. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? describeError(m) : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => log.debug?.(text(msg), { component: 'bolt' }),
    info: (...msg) => log.info(text(msg), { component: 'bolt' }),
    warn: (...msg) => log.warn(text(msg), { component: 'bolt' }),
    error: (...msg) => log.error(text(msg), { component: 'bolt' }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
