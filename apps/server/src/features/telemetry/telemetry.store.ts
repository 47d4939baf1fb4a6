import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/db.js';
import { transaction } from '../../db/postgres.js';
import * as repo from './telemetry.repository.js';

/** Where the writer's batches go; write() resolves with how many readings were new. */
export interface ReadingStore {
  write(batch: repo.ReadingColumns): Promise<number>;
  close(): Promise<void>;
}

/** INSERT … ON CONFLICT DO NOTHING through the app's database (PGlite, or PostgreSQL without COPY). */
export function insertStore(db: Db): ReadingStore {
  return {
    write: (batch) => repo.insertReadings(db, batch),
    close: async () => undefined,
  };
}

const MINUTE_MS = 60_000;
const UNIQUE_VIOLATION = '23505';

function minutesOf(ts: readonly number[]): number[] {
  const minutes = new Set<number>();
  let last = NaN;
  for (const t of ts) {
    const m = t - (t % MINUTE_MS);
    if (m !== last) minutes.add((last = m));
  }
  return [...minutes];
}

/**
 * PostgreSQL: each batch is one binary COPY straight into `readings`, with its minutes queued for
 * the rollup job, in one transaction — about twice the rows per second of the INSERT, and less
 * work for the ingest thread. COPY cannot skip rows stored already, so a batch that holds one
 * (a QoS 1 redelivery, a retry after a commit whose answer was lost) fails on the primary key as
 * a whole and goes again as INSERT … ON CONFLICT DO NOTHING; the key keeps deduplication exact
 * either way. COPY needs the driver's own connection, so the store keeps a small pool of its own.
 */
export function copyStore(url: string, db: Db, connections: number): ReadingStore {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // A connection the server drops while idle (restart) is replaced on the next batch; the
  // writer logs and retries failed batches itself.
  pool.on('error', () => undefined);
  return {
    async write(batch) {
      try {
        return await transaction(pool, async (client, q) => {
          const copy = client.query(copyFrom(repo.COPY_READINGS));
          copy.end(repo.encodeReadingsBinary(batch));
          await finished(copy);
          await repo.queueRollups(q, '1m', minutesOf(batch.ts));
          return batch.device.length;
        });
      } catch (err) {
        if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) return repo.insertReadings(db, batch);
        throw err;
      }
    },
    close: () => pool.end(),
  };
}
