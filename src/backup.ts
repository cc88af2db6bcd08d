import 'dotenv/config';
import { describeError } from './errors.js';
import { backupSqlite, defaultBackupPath } from './store/sqlite-backup.js';

/** `npm run backup [-- DEST]`: a consistent copy of DATABASE_PATH, safe while the bot runs. */
const source = process.env.DATABASE_PATH || './data/ssr-bot.db';
const destination = process.argv[2] ?? defaultBackupPath(source, new Date());
backupSqlite(source, destination).then(
  ({ bytes, ms }) => console.log(`backed up ${source} → ${destination} (${bytes} bytes, ${ms} ms, integrity_check ok)`),
  (err) => {
    console.error(describeError(err));
    process.exit(1);
  },
);
