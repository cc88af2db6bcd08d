import { spawn, type ChildProcess } from 'node:child_process';
import type Database from 'better-sqlite3';

/** Another OS process holding the database's write lock (BEGIN EXCLUSIVE) until `release()`. */
export async function holdLock(dbPath: string): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const child = spawn(process.execPath, [new URL('./lock-holder.mjs', import.meta.url).pathname, dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    release: async () => {
      child.stdin!.end();
      await exited;
    },
  };
}

/**
 * A full disk, as SQLite reports it (SQLITE_FULL): no page may be added to the file, and digest_posts' pages
 * are filled up to the last byte, so its next insert needs a page that cannot be had. `free()` lifts it.
 */
export function fillDatabase(db: Database.Database): { free: () => void } {
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
  const insert = db.prepare("INSERT INTO digest_posts (address, local_date, unit_id, posted_at) VALUES (?, '2000-01-01', ?, 0)");
  let i = 0;
  // Big rows first, then smaller ones into the last gaps, until not even an empty one fits.
  for (const size of [200, 50, 10, 0]) {
    for (;;) {
      try {
        insert.run(`filler:${String(i++).padStart(6, '0')}`, 'x'.repeat(size));
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_FULL') break;
        throw err;
      }
    }
  }
  return { free: () => void db.pragma('max_page_count = 1073741823') };
}
