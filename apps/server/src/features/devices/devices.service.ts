import { actingUser, type Actor } from '../../actor.js';
import {
  DomainError,
  SEED_PROFILES,
  deviceTopics,
  rolesFor,
  type DeviceProfile,
  type DeviceStatus,
} from '@cityloop/domain';
import type { DeviceDetail, DeviceInput, DeviceListQuery, DeviceSummary } from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import type { OrgOffer } from '../org/org.module.js';
import { hashDeviceToken, newDeviceToken, tokenMatches } from './credentials.js';
import * as repo from './devices.repository.js';

/** A registered device as the ingest path sees it: held in memory, looked up per message. */
export interface DeviceEntry {
  id: string;
  num: number;
  type: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  departmentId: number | null;
  tokenHash: string;
  demoToken: string | null;
  status: 'unknown' | DeviceStatus;
  statusAt: number | null;
  lastSeenAt: number | null;
  profile: DeviceProfile;
}

/** Roles that watch utilities; alarms and device events are scoped to them (or the owner unit). */
export const UTILITY_WATCHERS = rolesFor('alarmConsole');

function profileOf(row: repo.ProfileRow): DeviceProfile {
  // Alarm rules live in alarm_rules (editable); the profile here declares metrics and commands.
  return {
    type: row.type,
    name: row.name,
    nameEn: row.name_en,
    metrics: row.metrics,
    commands: row.commands,
    defaultRules: [],
  };
}

/**
 * The device registry: profiles and devices, their MQTT credentials and link status. The whole
 * registry is kept in memory (10k–100k devices) because every MQTT message and connection looks a
 * device up; every node reloads a device when any node changes it (bus event device.changed).
 */
export class DeviceService {
  private readonly byIdMap = new Map<string, DeviceEntry>();
  private readonly byNumMap = new Map<number, DeviceEntry>();
  private readonly profiles = new Map<string, DeviceProfile>();
  /** Drops counted since the last flush, per device and reason. */
  private drops = new Map<string, { deviceId: string; reason: string; count: number; at: number }>();
  private seen = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    private readonly org: OrgOffer,
  ) {
    bus.subscribe((e) => {
      if (e.type === 'device.changed' && typeof e.data.id === 'string') void this.reloadOne(e.data.id);
    });
  }

  /** Seeds missing profiles from the domain catalogue and loads the registry; returns the new types. */
  /** Device types whose profiles this start added (they get the default alarm rules). */
  addedProfileTypes: readonly string[] = [];

  async init(): Promise<string[]> {
    const created = await this.db.tx((q) => repo.upsertProfiles(q, SEED_PROFILES));
    this.addedProfileTypes = created;
    for (const row of await repo.loadProfiles(this.db)) this.profiles.set(row.type, profileOf(row));
    for (const row of await repo.loadAllDevices(this.db)) this.remember(row);
    return created;
  }

  private remember(row: repo.DeviceRow): DeviceEntry | null {
    const profile = this.profiles.get(row.type);
    if (!profile) return null;
    const previous = this.byIdMap.get(row.id);
    const entry: DeviceEntry = {
      id: row.id,
      num: row.num,
      type: row.type,
      name: row.name,
      lon: row.lon,
      lat: row.lat,
      gridCode: row.grid_code,
      departmentId: row.department_id,
      tokenHash: row.token_hash,
      demoToken: row.demo_token,
      // This node's view of the link is fresher than the row when it has one.
      status: previous?.status ?? row.status,
      statusAt: previous?.statusAt ?? row.status_at?.getTime() ?? null,
      lastSeenAt: previous?.lastSeenAt ?? row.last_seen_at?.getTime() ?? null,
      profile,
    };
    // Updated in place: the ingest path, alarm transitions and commands may hold the entry.
    if (previous) return Object.assign(previous, entry);
    this.byIdMap.set(entry.id, entry);
    this.byNumMap.set(entry.num, entry);
    return entry;
  }

  private async reloadOne(id: string): Promise<void> {
    const row = await repo.getDevice(this.db, id);
    if (row) this.remember(row);
  }

  byId(id: string): DeviceEntry | undefined {
    return this.byIdMap.get(id);
  }
  byNum(num: number): DeviceEntry | undefined {
    return this.byNumMap.get(num);
  }
  all(): IterableIterator<DeviceEntry> {
    return this.byIdMap.values();
  }
  get size(): number {
    return this.byIdMap.size;
  }
  profile(type: string): DeviceProfile | undefined {
    return this.profiles.get(type);
  }
  allProfiles(): DeviceProfile[] {
    return [...this.profiles.values()];
  }

  /** The device an MQTT connection claims to be, when its token is right; why not otherwise. */
  authenticate(
    username: string | undefined,
    password: Buffer | string | undefined,
  ):
    | { ok: true; device: DeviceEntry }
    | { ok: false; reason: 'unknown_device' | 'bad_token'; device?: DeviceEntry } {
    const device = username ? this.byIdMap.get(username) : undefined;
    if (!device) return { ok: false, reason: 'unknown_device' };
    if (password === undefined || !tokenMatches(password, device.tokenHash)) {
      return { ok: false, reason: 'bad_token', device };
    }
    return { ok: true, device };
  }

  // -------------------------------------------------------------------------------------------
  // Link status, last seen, drop counters (written by the ingest path)

  /** Records a status message (or last will). Returns true when the status changed. */
  async setStatus(device: DeviceEntry, status: DeviceStatus, at: number): Promise<boolean> {
    if (device.statusAt !== null && at < device.statusAt) return false;
    const changed = device.status !== status;
    // Stored first: the entry in memory never says what the database does not.
    if (changed) await repo.setStatus(this.db, device.id, status, new Date(at));
    device.status = status;
    device.statusAt = at;
    if (status === 'online') device.lastSeenAt = Math.max(device.lastSeenAt ?? 0, at);
    if (!changed) return false;
    await this.bus.publish({
      type: 'device.status',
      scope: { roles: [...UTILITY_WATCHERS] },
      data: { id: device.id, type: device.type, status, at: new Date(at).toISOString() },
    });
    return true;
  }

  /** A message arrived from the device: it is alive. Written to the database in batches. */
  seenAt(device: DeviceEntry, at: number): void {
    if (device.lastSeenAt === null || at > device.lastSeenAt) device.lastSeenAt = at;
    this.seen.set(device.id, device.lastSeenAt);
  }

  countDrop(deviceId: string, reason: string, at: number, n = 1): void {
    const key = `${deviceId}\u0000${reason}`;
    const d = this.drops.get(key);
    if (d) {
      d.count += n;
      d.at = at;
    } else this.drops.set(key, { deviceId, reason, count: n, at });
  }

  /** Writes the counted drops and last-seen times; on failure they are kept for the next try. */
  async flushCounters(): Promise<void> {
    const drops = [...this.drops.values()];
    const seen = this.seen;
    this.drops = new Map();
    this.seen = new Map();
    try {
      await repo.addDrops(this.db, drops);
      await repo.touchLastSeen(this.db, seen);
    } catch (err) {
      for (const d of drops) this.countDrop(d.deviceId, d.reason, d.at, d.count);
      for (const [id, at] of seen) if (!this.seen.has(id)) this.seen.set(id, at);
      throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Registry administration

  async create(input: DeviceInput, actor: Actor): Promise<{ device: DeviceSummary; token: string }> {
    const profile = this.profiles.get(input.type);
    if (!profile) throw new DomainError('validation.failed', `Unknown device type ${input.type}`);
    if (this.byIdMap.has(input.id) || (await repo.getDevice(this.db, input.id))) {
      throw new DomainError('device.exists', `Device ${input.id} exists`);
    }
    if (input.departmentId != null && !(await this.org.allDepartments()).has(input.departmentId)) {
      throw new DomainError('validation.failed', `Unknown department ${input.departmentId}`);
    }
    const token = newDeviceToken();
    const row: repo.NewDevice = {
      id: input.id,
      type: input.type,
      name: input.name,
      lon: input.lon,
      lat: input.lat,
      gridCode: this.grids.codeAt(input.lon, input.lat),
      departmentId: input.departmentId ?? null,
      tokenHash: hashDeviceToken(token),
      demoToken: null,
    };
    await this.db.tx(async (q) => {
      await repo.insertDevices(q, [row]);
      await audit(q, actor, {
        action: 'device.create',
        entity: 'device',
        entityId: input.id,
        after: { ...row, tokenHash: undefined },
      });
    });
    await this.reloadOne(input.id);
    await this.bus.publish({ type: 'device.changed', scope: { roles: ['admin'] }, data: { id: input.id } });
    return { device: await this.summary(this.mustGet(input.id)), token };
  }

  /** Adds many devices at once (demo fleet, benchmarks); tokens are the caller's. */
  async createMany(rows: readonly repo.NewDevice[]): Promise<void> {
    await this.db.tx(async (q) => {
      for (let i = 0; i < rows.length; i += 2000) await repo.insertDevices(q, rows.slice(i, i + 2000));
    });
    for (const row of await repo.loadAllDevices(this.db)) this.remember(row);
  }

  async rotateToken(id: string, actor: Actor): Promise<{ device: DeviceSummary; token: string }> {
    this.mustGet(id);
    const token = newDeviceToken();
    await this.db.tx(async (q) => {
      await repo.setToken(q, id, hashDeviceToken(token));
      await audit(q, actor, { action: 'device.rotate_token', entity: 'device', entityId: id });
    });
    await this.reloadOne(id);
    await this.bus.publish({ type: 'device.changed', scope: { roles: ['admin'] }, data: { id } });
    return { device: await this.summary(this.mustGet(id)), token };
  }

  mustGet(id: string): DeviceEntry {
    const d = this.byIdMap.get(id);
    if (!d) throw new DomainError('device.unknown', `Device ${id} is not registered`);
    return d;
  }

  async list(query: DeviceListQuery) {
    const page = await repo.listDevices(this.db, query);
    const depts = await this.org.allDepartments();
    return {
      ...page,
      items: page.items.map((row) => this.present(this.remember(row) ?? this.mustGet(row.id), depts)),
    };
  }

  async summary(d: DeviceEntry): Promise<DeviceSummary> {
    return this.present(d, await this.org.allDepartments());
  }

  private present(d: DeviceEntry, depts: ReadonlyMap<number, { name: string }>): DeviceSummary {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: d.id,
      type: d.type,
      typeName: d.profile.name,
      name: d.name,
      lon: d.lon,
      lat: d.lat,
      gridCode: d.gridCode,
      departmentId: d.departmentId,
      departmentName: d.departmentId === null ? null : (depts.get(d.departmentId)?.name ?? null),
      status: d.status,
      statusAt: iso(d.statusAt),
      lastSeenAt: iso(d.lastSeenAt),
      demo: d.demoToken !== null,
    };
  }

  /** The device page's header: summary, profile, credentials (token for administrators, demo only). */
  async detailBase(id: string, actor: Actor): Promise<Omit<DeviceDetail, 'latest' | 'rules' | 'openAlarms'>> {
    const user = actingUser(actor);
    const d = this.mustGet(id);
    const drops = await repo.dropsOf(this.db, id);
    const p = d.profile;
    return {
      ...(await this.summary(d)),
      profile: {
        type: p.type,
        name: p.name,
        nameEn: p.nameEn,
        metrics: [...p.metrics],
        commands: p.commands.map((c) => ({ ...c, params: c.params ? [...c.params] : null })),
      },
      drops: drops.map((r) => ({ reason: r.reason, count: r.count, lastAt: r.last_at.toISOString() })),
      token: user.roles.includes('admin') ? d.demoToken : null,
      mqtt: {
        username: d.id,
        telemetryTopic: deviceTopics.telemetry(d.id),
        statusTopic: deviceTopics.status(d.id),
        commandsTopic: deviceTopics.commands(d.id),
        ackTopic: deviceTopics.ack(d.id),
      },
    };
  }

  /** The demo fleet's credentials for the simulator. */
  demoFleet(limit: number): Array<{ id: string; type: string; token: string }> {
    const out: Array<{ id: string; type: string; token: string }> = [];
    for (const d of this.byNumMap.values()) {
      if (out.length >= limit) break;
      if (d.demoToken) out.push({ id: d.id, type: d.type, token: d.demoToken });
    }
    return out;
  }

  async count(): Promise<number> {
    return repo.countDevices(this.db);
  }
}
