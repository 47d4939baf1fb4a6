import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Db, Queryable } from './db.js';
import { isDatabaseAway } from './errors.js';

pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/** The Queryable of a pool or of one connection. */
export function wrap(c: pg.Pool | pg.ClientBase): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const r = await c.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  };
}

/**
 * Runs fn in one transaction on a connection of the pool; rolls back when it throws. fn gets the
 * driver's connection too, for what the Queryable cannot do (COPY).
 */
export async function transaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient, q: Queryable) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // A session the server kills mid-transaction errors the running query; without a listener
  // the client's own 'error' event would crash the node.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await fn(client, wrap(client));
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max });
  let closing = false;
  /**
   * Whether the server was last seen away: the loss is logged once, and so is the first statement
   * that succeeds after it ("reconnected"), so that an operator reading the log sees both ends.
   */
  let away = false;
  const lost = (err: unknown) => {
    if (away || closing || !isDatabaseAway(err)) return;
    away = true;
    console.warn(`PostgreSQL connection lost: ${(err as Error).message}`);
  };
  const reached = () => {
    if (!away) return;
    away = false;
    console.warn('PostgreSQL reconnected');
  };
  async function tracked<T>(work: Promise<T>): Promise<T> {
    try {
      const r = await work;
      reached();
      return r;
    } catch (err) {
      lost(err);
      throw err;
    }
  }
  // An idle connection the server terminates (restart, failover) must not crash the node: the
  // pool drops it and opens a new one on the next query.
  pool.on('error', lost);
  // Fail at boot with the server's own message rather than at the first request.
  await pool.query('select 1');
  let listener: pg.PoolClient | null = null;
  let listenLost = false;
  const handlers = new Map<string, Set<(p: string) => void>>();
  /**
   * One dedicated connection holds every LISTEN. When the server drops it (restart), it is
   * re-established with backoff and every channel is listened to again.
   */
  async function connectListener(): Promise<void> {
    const client = await pool.connect();
    client.on('notification', (n) => {
      for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    client.on('error', (err) => {
      if (closing) return;
      console.warn(`PostgreSQL LISTEN connection lost (${err.message}); reconnecting`);
      listenLost = true;
      client.release(true);
      listener = null;
      void reconnect(500);
    });
    for (const ch of handlers.keys()) await client.query(`listen "${ch.replace(/"/g, '')}"`);
    listener = client;
    if (listenLost) console.warn('PostgreSQL LISTEN connection reconnected');
    listenLost = false;
  }
  async function reconnect(delayMs: number): Promise<void> {
    await new Promise((r) => setTimeout(r, delayMs));
    if (closing || listener) return;
    try {
      await connectListener();
    } catch {
      void reconnect(Math.min(delayMs * 2, 10_000));
    }
  }

  const dedicated = new Set<pg.Client>();
  /** A client outside the pool; a statement after the server dropped it connects again. */
  function dedicatedConnection(name: string): Queryable {
    let current: Promise<Queryable> | null = null;
    const connection = () => {
      if (current) return current;
      if (closing) throw new Error('the database is closed');
      const c = new pg.Client({ connectionString: url, application_name: name });
      const opened = c.connect().then(() => wrap(c));
      dedicated.add(c);
      const drop = () => {
        dedicated.delete(c);
        if (current === opened) current = null;
      };
      c.on('error', drop);
      c.on('end', drop);
      opened.catch(drop);
      return (current = opened);
    };
    return {
      query: async (sql, params) => (await connection()).query(sql, params),
      exec: async (sql) => (await connection()).exec(sql),
    };
  }

  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: (sql, params) => tracked(base.query(sql, params)),
    exec: (sql) => tracked(base.exec(sql)),
    tx: (fn) => tracked(transaction(pool, (_client, q) => fn(q))),
    async listen(channel, cb) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        if (listener) await listener.query(`listen "${channel.replace(/"/g, '')}"`);
      }
      set.add(cb);
      if (!listener) await connectListener();
      return async () => {
        set.delete(cb);
      };
    },
    async notify(channel, payload) {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    dedicated: dedicatedConnection,
    async dump(file) {
      // pg_dump reads the database in one repeatable-read transaction: a consistent snapshot while
      // the city keeps working. It must be at least the server's major version (PG_DUMP picks one).
      await run(process.env.PG_DUMP || 'pg_dump', [
        '--format=custom',
        '--no-owner',
        `--file=${file}`,
        `--dbname=${url}`,
      ]);
    },
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      closing = true;
      await Promise.all([...dedicated].map((c) => c.end().catch(() => undefined)));
      listener?.release();
      listener = null;
      await pool.end();
    },
  };
}

const execFileAsync = promisify(execFile);

/** Runs a PostgreSQL client tool; its own message (stderr) is the error. */
export async function run(tool: string, args: string[]): Promise<void> {
  try {
    await execFileAsync(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${tool} failed: ${(e.stderr || e.message).trim()}`);
  }
}
