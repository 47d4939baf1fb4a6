import { EventEmitter } from 'node:events';
import type { Role } from '@cityloop/domain';
import type { Db } from '../db/db.js';

/**
 * A domain event for live clients. `scope` says who may see it, by the same rule as reading the
 * object it is about: roles, and then an area code prefix (district or street or grid), a
 * department (null: none, so no unit's staff), or a case (mayReadCase: its reporter, or staff who
 * may act on it). No scope fields → every signed-in user.
 */
export interface DomainEvent {
  type: string;
  scope?: {
    areaCode?: string;
    departmentId?: number | null;
    roles?: Role[];
    case?: { gridCode: string; unitId: number | null; reporterId: number | null };
  };
  data: Record<string, unknown>;
}

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  subscribe(handler: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process: an emitter. */
export class InProcessBus implements EventBus {
  private emitter = new EventEmitter().setMaxListeners(0);
  async publish(event: DomainEvent) {
    this.emitter.emit('event', event);
  }
  subscribe(handler: (event: DomainEvent) => void) {
    this.emitter.on('event', handler);
    return () => void this.emitter.off('event', handler);
  }
  async close() {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'cityloop_events';
/** NOTIFY payloads must stay under 8,000 bytes; a batch is cut well before. */
const MAX_PAYLOAD = 7_000;

/**
 * Several server nodes on one PostgreSQL: events go through NOTIFY, and every node (this one
 * included) delivers what it hears to its own clients. Payloads stay small (ids, not rows).
 * Events published in the same tick leave in one NOTIFY (a JSON array): under load a busy node
 * would otherwise spend a database round trip per event.
 */
export class PgNotifyBus implements EventBus {
  private local = new InProcessBus();
  private unlisten: (() => Promise<void>) | null = null;
  private queued: string[] = [];
  private flushing: Promise<void> | null = null;
  private constructor(private readonly db: Db) {}
  static async create(db: Db): Promise<PgNotifyBus> {
    const bus = new PgNotifyBus(db);
    bus.unlisten = await db.listen(CHANNEL, (payload) => {
      try {
        const parsed = JSON.parse(payload) as DomainEvent | DomainEvent[];
        for (const e of Array.isArray(parsed) ? parsed : [parsed]) void bus.local.publish(e);
      } catch {
        // a malformed notification from elsewhere is ignored, never fatal
      }
    });
    return bus;
  }
  /** Resolves once the event has been handed to PostgreSQL (with the others of its tick). */
  publish(event: DomainEvent): Promise<void> {
    this.queued.push(JSON.stringify(event));
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.flushing;
  }
  private async flush(): Promise<void> {
    const events = this.queued;
    this.queued = [];
    this.flushing = null;
    let batch: string[] = [];
    let size = 2;
    const send = async () => {
      if (batch.length) await this.db.notify(CHANNEL, `[${batch.join(',')}]`);
      batch = [];
      size = 2;
    };
    for (const e of events) {
      if (size + e.length + 1 > MAX_PAYLOAD) await send();
      batch.push(e);
      size += e.length + 1;
    }
    await send();
  }
  subscribe(handler: (event: DomainEvent) => void) {
    return this.local.subscribe(handler);
  }
  async close() {
    await this.flushing;
    await this.unlisten?.();
    await this.local.close();
  }
}
