import type { Db } from '../../db/db.js';
import { isStatementError, retryDelayMs } from '../../db/errors.js';
import * as repo from './telemetry.repository.js';
import type { ReadingStore } from './telemetry.store.js';

export interface WriterOptions {
  /** Most readings held in memory (buffered + being written); beyond it, messages wait for room. */
  capacity: number;
  /** Most readings in one write. */
  batchSize: number;
  /** Writes in flight at once. */
  writers: number;
  onError?: (err: unknown, attempt: number) => void;
  /** A write succeeded after failed attempts: the database is back. */
  onRecovered?: (failedAttempts: number) => void;
}

// A poison batch (the statement itself is wrong, see isStatementError) is given up after this
// many attempts; a database that is away is waited for however long it takes.
const NON_TRANSIENT_RETRIES = 5;
const DAY_MS = 86_400_000;
const TABLES = Object.keys(repo.SERIES_TABLES) as repo.SeriesTable[];

type Batch = repo.ReadingColumns;
const emptyBatch = (): Batch => ({ device: [], metric: [], ts: [], value: [] });

/**
 * Messages whose readings were added since the last batch was taken: they are acknowledged
 * together once every reading up to `upTo` (a count of readings ever added) is committed.
 */
interface Ticket {
  upTo: number;
  promise: Promise<void>;
  resolve: () => void;
}

/** A batch being written: the readings it ends at, and whether its write is over. */
interface Flight {
  end: number;
  done: boolean;
}

/**
 * The bounded write buffer between MQTT and the readings table, with group commit. Each message's
 * readings are added to the pending batch and the message gets a promise that settles once the
 * transaction holding them has committed: the transport sends its PUBACK then, never before, so
 * a node killed at any moment has stored every reading it acknowledged. A batch is written as soon
 * as a writer is free (after the current turn of the event loop); while every writer is busy, the
 * messages arriving meanwhile gather into the next batch, so batches grow with the load and a
 * message waits about one commit. Commit promises settle in the order the readings came, so the
 * PUBACKs of a session leave in order. When the buffer is full, accept() waits for room first:
 * back-pressure on the publishers instead of unbounded memory. A failed write keeps its batch and
 * retries with backoff, so a database restart loses nothing; the store skips rows stored already
 * (see telemetry.store.ts), so a retried or redelivered batch is stored exactly once, and queues
 * the batch's minutes for the rollup job in the same transaction.
 */
export class ReadingWriter {
  private pending: Batch = emptyBatch();
  private inFlight = 0;
  private activeWriters = 0;
  private kick = false;
  /** Readings ever added to `pending`, and ever taken from it into batches. */
  private added = 0;
  private taken = 0;
  /** Every reading before this count is committed (or given up as poison). */
  private committed = 0;
  private readonly flights: Flight[] = [];
  /** Unsettled tickets, oldest first; `open` takes new messages until a batch is taken. */
  private tickets: Ticket[] = [];
  private ticketHead = 0;
  private open: Ticket | null = null;
  /**
   * Messages waiting for room, oldest at `waitHead`. Taken by index, not shift(): with the buffer
   * full there are as many as the broker's in-flight limit allows (tens of thousands), an array
   * that size lives in V8's large-object space, and shift() there copies it whole every time.
   */
  private waiters: Array<{ rows: Batch; resolve: (ticket: Promise<void>) => void }> = [];
  private waitHead = 0;
  private readonly idle: Array<() => void> = [];
  private readonly knownPartitions = new Set<string>();
  private closed = false;
  private abandoned = false;
  healthy = true;
  stored = 0;
  duplicates = 0;
  /** Readings of poison batches, given up (and logged) after NON_TRANSIENT_RETRIES attempts. */
  lost = 0;

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

  /** Adds readings; the promise settles when they are committed (after waiting for room if full). */
  accept(rows: Batch): Promise<void> | undefined {
    const n = rows.device.length;
    if (n === 0) return undefined;
    if (this.waiting === 0 && this.fits(n)) return this.push(rows);
    return new Promise<void>((resolve) =>
      this.waiters.push({ rows, resolve: (committed) => void committed.then(resolve) }),
    );
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
    this.added++;
  }

  /** After add(): the promise that settles when the readings added so far are committed. */
  addedAll(): Promise<void> {
    this.schedule();
    return this.ticket();
  }

  private ticket(): Promise<void> {
    const open = this.open;
    if (open) {
      open.upTo = this.added;
      return open.promise;
    }
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const t: Ticket = { upTo: this.added, promise, resolve };
    this.tickets.push(t);
    this.open = t;
    return promise;
  }

  private fits(n: number): boolean {
    // A message larger than the whole budget still goes through, alone.
    return this.buffered + n <= this.o.capacity || this.buffered === 0;
  }

  private push(rows: Batch): Promise<void> {
    const p = this.pending;
    for (let i = 0; i < rows.device.length; i++) {
      p.device.push(rows.device[i]!);
      p.metric.push(rows.metric[i]!);
      p.ts.push(rows.ts[i]!);
      p.value.push(rows.value[i]!);
    }
    this.added += rows.device.length;
    return this.addedAll();
  }

  private admitWaiters(): void {
    while (this.waitHead < this.waiters.length) {
      const next = this.waiters[this.waitHead]!;
      if (!this.fits(next.rows.device.length)) break;
      this.waiters[this.waitHead++] = undefined as never;
      next.resolve(this.push(next.rows));
    }
    if (this.waitHead === this.waiters.length) {
      this.waiters = [];
      this.waitHead = 0;
    } else if (this.waitHead > 4096 && this.waitHead * 2 > this.waiters.length) {
      this.waiters = this.waiters.slice(this.waitHead);
      this.waitHead = 0;
    }
  }

  /** Starts a write after this turn of the event loop (its messages join the batch) if a writer is free. */
  private schedule(): void {
    if (this.closed || this.kick || this.activeWriters >= this.o.writers) return;
    if (this.pending.device.length === 0) return;
    this.kick = true;
    setImmediate(() => {
      this.kick = false;
      this.startWriters();
    });
  }

  private startWriters(): void {
    while (this.activeWriters < this.o.writers && this.pending.device.length > 0) {
      this.activeWriters++;
      void this.writeLoop();
    }
  }

  private take(): { batch: Batch; flight: Flight } {
    const p = this.pending;
    const n = Math.min(p.device.length, this.o.batchSize);
    let batch: Batch;
    if (n === p.device.length) {
      this.pending = emptyBatch();
      batch = p;
    } else {
      batch = {
        device: p.device.splice(0, n),
        metric: p.metric.splice(0, n),
        ts: p.ts.splice(0, n),
        value: p.value.splice(0, n),
      };
    }
    this.taken += n;
    // Messages from here on wait for a later batch: they get a ticket of their own.
    this.open = null;
    const flight = { end: this.taken, done: false };
    this.flights.push(flight);
    return { batch, flight };
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending.device.length > 0 && !this.closed) {
        const { batch, flight } = this.take();
        this.inFlight += batch.device.length;
        const outcome = await this.writeWithRetry(batch);
        this.inFlight -= batch.device.length;
        // A write abandoned at shutdown is not acknowledged: the broker delivers it again.
        if (outcome !== 'abandoned') this.landed(flight);
        this.admitWaiters();
      }
    } finally {
      this.activeWriters--;
      if (this.pending.device.length > 0) this.schedule();
      if (this.activeWriters === 0 && this.buffered === 0) for (const f of this.idle.splice(0)) f();
    }
  }

  /** A batch's write is over: settle the tickets whose readings are all committed now. */
  private landed(flight: Flight): void {
    flight.done = true;
    while (this.flights.length > 0 && this.flights[0]!.done) this.committed = this.flights.shift()!.end;
    while (this.ticketHead < this.tickets.length) {
      const t = this.tickets[this.ticketHead]!;
      if (t.upTo > this.committed) break;
      this.tickets[this.ticketHead++] = undefined as never;
      t.resolve();
    }
    if (this.ticketHead === this.tickets.length) {
      this.tickets = [];
      this.ticketHead = 0;
    }
  }

  private async writeWithRetry(batch: Batch): Promise<'stored' | 'lost' | 'abandoned'> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ensurePartitions(batch.ts);
        const inserted = await this.store.write(batch);
        this.stored += inserted;
        this.duplicates += batch.device.length - inserted;
        if (attempt > 1) this.o.onRecovered?.(attempt - 1);
        this.healthy = true;
        return 'stored';
      } catch (err) {
        this.o.onError?.(err, attempt);
        if (this.abandoned) return 'abandoned';
        if (/no partition/i.test(String((err as Error).message))) this.knownPartitions.clear();
        else if (isStatementError(err)) {
          // A poison batch: logged by onError, not retried forever (its messages are acknowledged).
          if (attempt >= NON_TRANSIENT_RETRIES) {
            this.lost += batch.device.length;
            return 'lost';
          }
        } else this.healthy = false;
        await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
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
    this.startWriters();
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  /**
   * Writes what is buffered and stops. A database that stays away longer than `graceMs` at
   * shutdown leaves what is still buffered unwritten — and unacknowledged, so the devices (or the
   * broker's session of this node) send it again to the next node or after the restart.
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
    // A database still away keeps the store's connections busy: do not wait for them then.
    const closing = this.store.close().catch(() => undefined);
    if (!this.abandoned) await closing;
  }
}
