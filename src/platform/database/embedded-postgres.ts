import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const LOCK_FILE = 'embedded.lock';

/** Another live process already holds the embedded database directory. */
export class EmbeddedDatabaseBusyError extends Error {
  constructor(
    dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. ` +
        'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

/** Whether a process with this id exists (EPERM: it does, as another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite (Postgres compiled to WASM) served over the Postgres wire protocol on a free loopback port,
 * so TypeORM and `pg` use it exactly like a server. PGlite is single-session: clients must use a pool
 * of one connection. A lock file keeps two processes from opening the same data directory.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly dataDir: string,
    readonly url: string,
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
  ) {}

  static async start(dataDir: string): Promise<EmbeddedPostgres> {
    const root = resolve(dataDir);
    const pgdata = join(root, 'pgdata');
    mkdirSync(pgdata, { recursive: true });
    EmbeddedPostgres.lock(root);
    try {
      const db = await PGlite.create(pgdata);
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
      await server.start();
      const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
      return new EmbeddedPostgres(root, url, db, server);
    } catch (error) {
      EmbeddedPostgres.unlock(root);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    EmbeddedPostgres.unlock(this.dataDir);
  }

  private static lock(root: string): void {
    const file = join(root, LOCK_FILE);
    try {
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder))
        throw new EmbeddedDatabaseBusyError(root, holder);
    } catch (error) {
      if (error instanceof EmbeddedDatabaseBusyError) throw error;
      // No lock file, or a stale one left by a crashed process: take it over.
    }
    writeFileSync(file, String(process.pid));
  }

  private static unlock(root: string): void {
    rmSync(join(root, LOCK_FILE), { force: true });
  }
}
