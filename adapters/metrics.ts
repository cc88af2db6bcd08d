import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ADAPTER_STATES, type HealthBoard } from './health.js';

/** Prometheus metrics (prom-client, own registry) served at GET /metrics. */
const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'ssrbot_requests_total', help: 'Chat messages and button presses handled, by platform, reply kind and outcome.', labelNames: ['platform', 'kind', 'outcome'], registers: [this.registry] });
  readonly answerSeconds = new Histogram({ name: 'ssrbot_answer_duration_seconds', help: 'Time to build a reply (parse, search, reply model), by platform.', labelNames: ['platform'], buckets: SECONDS, registers: [this.registry] });
  readonly searchSeconds = new Histogram({ name: 'ssrbot_search_duration_seconds', help: 'Time of one search of the index.', buckets: SECONDS, registers: [this.registry] });
  readonly digestPosts = new Counter({ name: 'ssrbot_digest_posts_total', help: 'Scheduled digest deliveries by outcome: posted, deferred (retried later), disabled (permanent failure).', labelNames: ['outcome'], registers: [this.registry] });
  readonly backoffs = new Counter({ name: 'ssrbot_backoffs_total', help: 'Retries scheduled after a failure, by operation (digest delivery, platform start-up checks).', labelNames: ['operation'], registers: [this.registry] });

  constructor(board: HealthBoard) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'ssrbot_adapter_state',
      help: 'State of each adapter: 1 for its current state (off, starting, ok, degraded), 0 for the others.',
      labelNames: ['adapter', 'state'],
      registers: [this.registry],
      collect() {
        for (const [adapter, s] of Object.entries(board.snapshot())) for (const state of ADAPTER_STATES) this.set({ adapter, state }, s.state === state ? 1 : 0);
      },
    });
  }
}
