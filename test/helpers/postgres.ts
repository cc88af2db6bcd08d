import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A real PostgreSQL server for one test file, from the distribution's package (Debian: `postgresql`, server
 * binaries under /usr/lib/postgresql/<version>/bin): initdb into a temporary directory, pg_ctl start on a free
 * loopback port with fsync off and the socket in that directory; stop() shuts it down and removes it. As root
 * the server runs as the `postgres` user (PostgreSQL refuses root), which must own the directory.
 * Starting takes about a second here. Each test gets its own schema (`freshDatabaseUrl`), so tests in a file
 * do not see each other's rows.
 */
const run = promisify(execFile);

export interface TestPostgres {
  /** Superuser connection string (trust authentication on 127.0.0.1). */
  url: string;
  dir: string;
  /** The server goes away (immediate shutdown, as a crash or failover would) and comes back on the same port. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) are missing: the PostgreSQL tests start a real server. Install it with `apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does this when it is missing).',
    );
  }
  return join(root, newest, 'bin');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'ssr-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const exec = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    await exec('initdb', ['-D', data, '--auth=trust', '--no-sync', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-instructions']);
    let port = 0;
    const start = () => {
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB -c max_connections=200`;
      return exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
    };
    for (let tries = 0; ; tries++) {
      port = await freePort();
      try {
        await start();
        break;
      } catch (err) {
        if (tries >= 2) throw err; // another process took the port between the check and the start: try another
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      dir,
      async kill() {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      },
      async restart() {
        await start();
      },
      async stop() {
        await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined); // already gone is fine
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a test PostgreSQL: ${(err as Error).message}\n${serverLog}`);
  }
}

let schemas = 0;

/** A new, empty schema on the server and a connection string whose search_path selects it. */
export async function freshDatabaseUrl(serverUrl: string, name = `t${process.pid}_${++schemas}`): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  return `${serverUrl}?options=${encodeURIComponent(`-c search_path=${name}`)}`;
}
