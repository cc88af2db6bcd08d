import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a digest attempt: "host:pid:uuid". After a crash and restart on the same host the new process sees
 * that the old pid is gone and recovers its attempts at once instead of waiting out the lease. Anything it
 * cannot be sure of (another host, a live pid, this very process) counts as alive: then only the lease ends it.
 * Replicas sharing one database file need distinct host names for this.
 */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`;
}

export function ownerIsGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
