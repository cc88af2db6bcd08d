// A second process holding the SQLite write lock, as a backup or a second bot would: `node lock-holder.mjs DB`.
// Prints "locked" once it holds BEGIN EXCLUSIVE; releases and exits when its stdin closes.
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]);
db.pragma('busy_timeout = 5000');
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\n');
process.stdin.on('end', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
process.stdin.resume();
