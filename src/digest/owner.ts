import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a digest attempt: "host:pid:machine:uuid". `machine` names the process table the pid belongs to:
 * on Linux the kernel's boot id plus the pid namespace, so two containers with the same host name, or two
 * hosts, never mistake each other's pids; elsewhere the host name. After a crash the surviving or restarted
 * processes on the same machine see that the old pid is gone and recover its attempts at once. Anything else
 * (another machine, a live pid, this very process, an id in another format) counts as alive: then only the
 * lease ends it — the general rule between replicas.
 */
const MACHINE = machineId();

export function newOwnerId(): string {
  return ownerId(process.pid);
}

export function ownerId(pid: number, machine = MACHINE): string {
  return `${hostname()}:${pid}:${machine}:${randomUUID()}`;
}

export function ownerIsGone(owner: string): boolean {
  const parts = owner.split(':');
  const pid = Number(parts[1]);
  if (parts.length !== 4 || parts[2] !== MACHINE || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function machineId(): string {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pidNamespace = /\d+/u.exec(readlinkSync('/proc/self/ns/pid'))?.[0] ?? '';
    return `${boot.replaceAll('-', '')}.${pidNamespace}`;
  } catch {
    return hostname().replaceAll(':', '');
  }
}
