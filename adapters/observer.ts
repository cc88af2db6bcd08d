import type { Telemetry } from '../src/telemetry.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/**
 * The core's Telemetry port: one log line per handled request, and the metrics when they are on. The user's
 * text is logged only with LOG_QUESTIONS=on.
 */
export function observer(o: { log: Logger; logQuestions: boolean; metrics?: Metrics }): Telemetry {
  const { log, metrics } = o;
  return {
    request(r) {
      metrics?.requests.inc({ platform: r.platform, kind: r.kind, outcome: r.outcome });
      metrics?.answerSeconds.observe({ platform: r.platform }, r.ms / 1000);
      log.info('request handled', {
        platform: r.platform,
        source: r.source,
        kind: r.kind,
        outcome: r.outcome,
        ms: Math.round(r.ms * 100) / 100,
        hits: r.hits,
        ...(r.code ? { code: r.code } : {}),
        ...(o.logQuestions ? { text: r.text } : {}),
      });
    },
    search(ms) {
      metrics?.searchSeconds.observe(ms / 1000);
    },
    digest(outcome) {
      metrics?.digestPosts.inc({ outcome });
    },
    backoff(operation) {
      metrics?.backoffs.inc({ operation });
    },
  };
}
