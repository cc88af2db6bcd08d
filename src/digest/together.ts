/**
 * Group commit for the scheduler: calls that arrive while one is in flight wait for it and then go together,
 * as one call of `run` over their items (one answer per item, in order). The first call goes at once and
 * alone, so nothing waits for company; under load many calls share one statement.
 */
export function together<I, R>(run: (items: I[]) => Promise<R[]>): (item: I) => Promise<R> {
  let waiting: { item: I; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  let busy = false;
  const pump = () => {
    if (busy || waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    busy = true;
    run(batch.map((b) => b.item))
      .then(
        (results) => batch.forEach((b, i) => b.resolve(results[i])),
        (err: unknown) => batch.forEach((b) => b.reject(err)),
      )
      .finally(() => {
        busy = false;
        pump();
      });
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      pump();
    });
}
