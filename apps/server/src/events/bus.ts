import { EventEmitter } from 'node:events';
import type { Role } from '@cityloop/domain';
import type { Db } from '../db/db.js';

/**
 * A domain event for live clients. `scope` says who may see it: an area code prefix (district or
 * street or grid), a department, and/or roles. No scope fields → every signed-in user.
 */
export interface DomainEvent {
  type: string;
  scope?: { areaCode?: string; departmentId?: number; roles?: Role[] };
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

/**
 * Several server nodes on one PostgreSQL: events go through NOTIFY, and every node (this one
 * included) delivers what it hears to its own clients. Payloads stay small (ids, not rows), well
 * under NOTIFY's 8 000-byte limit.
 */
export class PgNotifyBus implements EventBus {
  private local = new InProcessBus();
  private unlisten: (() => Promise<void>) | null = null;
  private constructor(private readonly db: Db) {}
  static async create(db: Db): Promise<PgNotifyBus> {
    const bus = new PgNotifyBus(db);
    bus.unlisten = await db.listen(CHANNEL, (payload) => {
      try {
        void bus.local.publish(JSON.parse(payload) as DomainEvent);
      } catch {
        // a malformed notification from elsewhere is ignored, never fatal
      }
    });
    return bus;
  }
  async publish(event: DomainEvent) {
    await this.db.notify(CHANNEL, JSON.stringify(event));
  }
  subscribe(handler: (event: DomainEvent) => void) {
    return this.local.subscribe(handler);
  }
  async close() {
    await this.unlisten?.();
    await this.local.close();
  }
}
