/**
 * What each adapter reports about itself. `off`: not configured; `starting`: checking its credentials or
 * connecting; `ok`: serving; `degraded`: configured but not working, with the reason an operator can act on.
 */
export type AdapterState = { state: 'off' } | { state: 'starting' } | { state: 'ok' } | { state: 'degraded'; reason: string };
export type AdapterStateName = AdapterState['state'];
export const ADAPTER_STATES: readonly AdapterStateName[] = ['off', 'starting', 'ok', 'degraded'];

export type StateReporter = (state: AdapterState) => void;

/** The states of every adapter, for /healthz, /readyz and the adapter-state gauge. */
export class HealthBoard {
  private readonly states = new Map<string, AdapterState>();
  private stopping = false;

  reporter(adapter: string, initial: AdapterState = { state: 'starting' }): StateReporter {
    this.states.set(adapter, initial);
    return (state) => this.states.set(adapter, state);
  }

  snapshot(): Record<string, AdapterState> {
    return Object.fromEntries(this.states);
  }

  /** Every configured adapter serves, and the process is not shutting down. */
  ready(): boolean {
    return !this.stopping && [...this.states.values()].every((s) => s.state === 'ok' || s.state === 'off');
  }

  /** No adapter is still starting (each is ok, degraded or off). */
  settled(): boolean {
    return [...this.states.values()].every((s) => s.state !== 'starting');
  }

  markStopping(): void {
    this.stopping = true;
  }

  get isStopping(): boolean {
    return this.stopping;
  }
}
