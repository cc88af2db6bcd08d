/** Work started by a request that outlives its HTTP response (Slack answers after the ack): shutdown waits for it. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track = <T>(work: Promise<T>): Promise<T> => {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  };

  get count(): number {
    return this.pending.size;
  }

  /** Resolves when everything tracked so far has settled (failures included). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
