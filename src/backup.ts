import 'dotenv/config';
import { describeError } from './errors.js';
import { backupSqlite, defaultBackupPath } from './store/sqlite-backup.js';

/** `npm run backup [-- DEST]`: a consistent copy of DATABASE_PATH, safe while the bot runs. */
if (process.env.DATABASE_URL?.trim()) {
  console.error('DATABASE_URL is set: the bot keeps its data in PostgreSQL, which this command does not copy. Back it up with pg_dump (README → Scaling out).');
  process.exit(2);
}
const source = process.env.DATABASE_PATH || './data/ssr-bot.db';
const destination = process.argv[2] ?? defaultBackupPath(source, new Date());
backupSqlite(source, destination).then(
  ({ bytes, ms }) => console.log(`backed up ${source} → ${destination} (${bytes} bytes, ${ms} ms, integrity_check ok)`),
  (err) => {
    console.error(describeError(err));
    process.exit(1);
  },
);
