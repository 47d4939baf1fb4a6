import type { Db } from '../../db/db.js';
import * as repo from './telemetry.repository.js';
import type { ReadingStore } from './telemetry.store.js';

export interface WriterOptions {
  /** Most readings held in memory (buffered + being written); beyond it, acks are delayed. */
  capacity: number;
  /** Rows per INSERT statement. */
  batchSize: number;
  /** How long a reading may wait for companions before its batch is written. */
  flushMs: number;
  /** Statements in flight at once. */
  writers: number;
  onError?: (err: unknown, attempt: number) => void;
}

// A batch is retried until the database takes it: the database being away shows up as many
// different errors (connection refused, sessions terminated, "not accepting connections", too many
// clients). Only SQLSTATE classes that mean the statement itself is wrong (22 data exception,
// 23 integrity, 42 syntax or undefined object) stop the retries of a batch after a few attempts.
const PERMANENT = /^(22|23|42)/;
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return !(typeof code === 'string' && PERMANENT.test(code));
}
const NON_TRANSIENT_RETRIES = 5;
const DAY_MS = 86_400_000;
const TABLES = Object.keys(repo.SERIES_TABLES) as repo.SeriesTable[];

type Batch = repo.ReadingColumns;
const emptyBatch = (): Batch => ({ device: [], metric: [], ts: [], value: [] });

/**
 * The bounded write buffer between MQTT and the readings table. Readings are accepted while the
 * budget has room (the caller acks the message at once); when it is full, accept() returns a
 * promise that settles when room frees, and the caller holds the message's PUBACK until then —
 * back-pressure on the publishers instead of unbounded memory. A failed write keeps its batch and
 * retries with backoff, so a database restart loses nothing; the store skips rows stored already
 * (see telemetry.store.ts), so a retried or redelivered batch is stored exactly once, and queues
 * the batch's minutes for the rollup job in the same transaction.
 */
export class ReadingWriter {
  private pending: Batch = emptyBatch();
  private inFlight = 0;
  private activeWriters = 0;
  private timer: NodeJS.Timeout | null = null;
  /**
   * Messages waiting for room, oldest at `waitHead`. Taken by index, not shift(): with the buffer
   * full there are as many as the broker's in-flight limit allows (tens of thousands), an array
   * that size lives in V8's large-object space, and shift() there copies it whole every time.
   */
  private waiters: Array<{ rows: Batch; resolve: () => void }> = [];
  private waitHead = 0;
  private readonly idle: Array<() => void> = [];
  private readonly knownPartitions = new Set<string>();
  private closed = false;
  private abandoned = false;
  healthy = true;
  stored = 0;
  duplicates = 0;

  constructor(
    private readonly db: Db,
    private readonly store: ReadingStore,
    private readonly o: WriterOptions,
  ) {}

  get buffered(): number {
    return this.pending.device.length + this.inFlight;
  }
  get waiting(): number {
    return this.waiters.length - this.waitHead;
  }

  /** Adds readings; undefined when taken at once, a promise when they must wait for room. */
  accept(rows: Batch): Promise<void> | undefined {
    const n = rows.device.length;
    if (n === 0) return undefined;
    if (this.waiting === 0 && this.fits(n)) {
      this.push(rows);
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push({ rows, resolve }));
  }

  /**
   * The fast path of accept() for one message's readings, added one by one: true when there is
   * room (nothing waiting) and the caller may add() them, then call added(); false means build a
   * batch and accept() it, which waits.
   */
  hasRoomFor(n: number): boolean {
    return this.waiting === 0 && this.fits(n);
  }

  add(device: number, metric: number, ts: number, value: number): void {
    const p = this.pending;
    p.device.push(device);
    p.metric.push(metric);
    p.ts.push(ts);
    p.value.push(value);
  }

  added(): void {
    this.schedule();
  }

  private fits(n: number): boolean {
    // A message larger than the whole budget still goes through, alone.
    return this.buffered + n <= this.o.capacity || this.buffered === 0;
  }

  private push(rows: Batch): void {
    const p = this.pending;
    for (let i = 0; i < rows.device.length; i++) {
      p.device.push(rows.device[i]!);
      p.metric.push(rows.metric[i]!);
      p.ts.push(rows.ts[i]!);
      p.value.push(rows.value[i]!);
    }
    this.schedule();
  }

  private admitWaiters(): void {
    while (this.waitHead < this.waiters.length) {
      const next = this.waiters[this.waitHead]!;
      if (!this.fits(next.rows.device.length)) break;
      this.waiters[this.waitHead++] = undefined as never;
      this.push(next.rows);
      next.resolve();
    }
    if (this.waitHead === this.waiters.length) {
      this.waiters = [];
      this.waitHead = 0;
    } else if (this.waitHead > 4096 && this.waitHead * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.waitHead);
      this.waitHead = 0;
    }
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.pending.device.length >= this.o.batchSize) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.startWriters();
    } else if (!this.timer && this.pending.device.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.startWriters();
      }, this.o.flushMs);
    }
  }

  private startWriters(): void {
    while (this.activeWriters < this.o.writers && this.pending.device.length > 0) {
      this.activeWriters++;
      void this.writeLoop();
    }
  }

  private take(): Batch {
    const p = this.pending;
    const n = Math.min(p.device.length, this.o.batchSize);
    if (n === p.device.length) {
      this.pending = emptyBatch();
      return p;
    }
    const batch = {
      device: p.device.splice(0, n),
      metric: p.metric.splice(0, n),
      ts: p.ts.splice(0, n),
      value: p.value.splice(0, n),
    };
    return batch;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending.device.length > 0) {
        // A partial batch waits for its flush timer unless the buffer is backing up.
        if (this.pending.device.length < this.o.batchSize && this.timer) break;
        const batch = this.take();
        this.inFlight += batch.device.length;
        await this.writeWithRetry(batch);
        this.inFlight -= batch.device.length;
        this.admitWaiters();
      }
    } finally {
      this.activeWriters--;
      if (this.pending.device.length > 0) this.schedule();
      if (this.activeWriters === 0 && this.buffered === 0) for (const f of this.idle.splice(0)) f();
    }
  }

  private async writeWithRetry(batch: Batch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ensurePartitions(batch.ts);
        const inserted = await this.store.write(batch);
        this.stored += inserted;
        this.duplicates += batch.device.length - inserted;
        this.healthy = true;
        return;
      } catch (err) {
        this.o.onError?.(err, attempt);
        if (this.abandoned) return;
        if (/no partition/i.test(String((err as Error).message))) this.knownPartitions.clear();
        else if (!isTransient(err)) {
          if (attempt >= NON_TRANSIENT_RETRIES) return; // a poison batch: logged by onError, not retried forever
        } else this.healthy = false;
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** Math.min(attempt, 5))));
      }
    }
  }

  private async ensurePartitions(ts: readonly number[]): Promise<void> {
    const days = new Set<number>();
    for (const t of ts) days.add(Math.floor(t / DAY_MS));
    for (const day of days) {
      for (const table of TABLES) {
        const name = repo.partitionOf(table, day * DAY_MS).name;
        if (this.knownPartitions.has(name)) continue;
        await repo.ensurePartition(this.db, table, day * DAY_MS);
        this.knownPartitions.add(name);
      }
    }
  }

  /** Creates the partitions a time will need ahead of its first reading. */
  async prepare(ms: number): Promise<void> {
    await this.ensurePartitions([ms]);
  }

  forgetPartition(name: string): void {
    this.knownPartitions.delete(name);
  }

  /** Resolves when everything accepted so far is written. */
  async drain(): Promise<void> {
    if (this.buffered === 0 && this.waiting === 0 && this.activeWriters === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.startWriters();
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /**
   * Writes what is buffered and stops. A database that stays away longer than `graceMs` at
   * shutdown loses what is still buffered (the devices' unacked messages are resent to the next
   * node; acked ones are logged by onError as lost).
   */
  async close(graceMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.drain(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.abandoned = true;
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    // A database still away keeps the store's connections busy: do not wait for them then.
    const closing = this.store.close().catch(() => undefined);
    if (!this.abandoned) await closing;
  }
}
