import os from 'node:os';
import path from 'node:path';
import { DomainError, TileUrlError, parseTileSources, type TileSource } from '@cityloop/domain';

/** What a node runs: the HTTP API, MQTT ingest, the cluster's timed jobs (all by default). */
export type NodeRole = 'api' | 'ingest' | 'scheduler';

/** Telemetry settings (TELEMETRY_*). */
export interface TelemetryOptions {
  /** Readings held in memory before acks are delayed (back-pressure). */
  bufferCapacity: number;
  batchSize: number;
  writers: number;
  /** Days each resolution is kept; older partitions are dropped whole. */
  retentionDays: { raw: number; '1m': number; '1h': number };
  maxPayloadBytes: number;
  /** PostgreSQL: the database URL, for writing batches with COPY; null writes with INSERT. */
  copyUrl: string | null;
}

/** Every setting CityLoop reads, parsed from the environment once at boot. */
export interface Config {
  port: number;
  /** PORT was set by the operator: a taken port is then an error, not a reason to move. */
  portExplicit: boolean;
  host: string;
  dataDir: string;
  /** null → embedded PGlite under dataDir/pglite; ':memory:' → in-memory PGlite (tests). */
  databaseUrl: string | null;
  pgliteInMemory: boolean;
  mqttUrl: string | null;
  /** External broker: the shared-subscription group the nodes of one cluster split messages in. */
  mqttShareGroup: string;
  /** This node's name in the cluster (NODE_NAME, default the host name): names its broker session. */
  nodeName: string;
  mqttPort: number;
  mqttPortExplicit: boolean;
  timeZone: string;
  /** Load the demo city on first start. */
  demo: boolean;
  demoScale: 'demo' | 'small';
  demoCases: number;
  /** Simulated devices started against the broker (0 disables). */
  simDevices: number;
  /** Password for the first administrator when starting without the demo. */
  adminPassword: string | null;
  roles: NodeRole[];
  telemetry: TelemetryOptions;
  /** Raster tile services under the map (TILE_URL, TILE_CRS, TILE_SUBDOMAINS); none by default. */
  tiles: TileSource[];
  /** Backups the scheduler makes (everyHours 0: only on request) and how many are kept. */
  backup: { everyHours: number; keep: number };
  /** The bearer token a Prometheus scraper sends to GET /metrics (null: administrators only). */
  metricsToken: string | null;
  /**
   * Where the notification outbox sends (NOTIFY_SMS_URL, NOTIFY_SMTP_URL, NOTIFY_FROM): an SMS
   * gateway over HTTP and an SMTP server; a channel without one writes to the file sink
   * DATA_DIR/outbox/messages.jsonl (one JSON line a message).
   */
  notify: { smsUrl: string | null; smsToken: string | null; smtpUrl: string | null; from: string };
  logLevel: string;
  webDist: string;
  /**
   * Which peers are trusted reverse proxies, whose X-Forwarded-Proto/-For/-Host count (Fastify's
   * trustProxy): false (none, the default), true (the nearest peer, whoever it is), or addresses and CIDRs.
   */
  trustProxy: boolean | string[];
}

type Env = Record<string, string | undefined>;

function bad(name: string, value: string, why: string): never {
  throw new DomainError('config.invalid', `Invalid ${name}=${JSON.stringify(value)}: ${why}`);
}

function port(env: Env, name: string, fallback: number): { value: number; explicit: boolean } {
  const raw = env[name];
  if (raw === undefined || raw === '') return { value: fallback, explicit: false };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) bad(name, raw, 'expected a port number 0–65535');
  return { value: n, explicit: true };
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  return bad(name, raw, 'expected true or false');
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) bad(name, raw, `expected a whole number ${min}–${max}`);
  return n;
}

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(0|false|no|off)$/i.test(raw)) return false;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  const list = raw.split(',').map((a) => a.trim());
  for (const a of list)
    if (!/^([0-9a-f.:]+(\/[0-9]{1,3})?|loopback|linklocal|uniquelocal)$/i.test(a))
      bad('TRUST_PROXY', raw, 'expected true, false or proxy addresses/CIDRs, comma-separated');
  return list;
}

/** A secret shared with another system: at least 16 characters, so it cannot be guessed. */
function secret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 16) bad(name, '…', 'expected at least 16 characters');
  return raw;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return bad(name, raw, 'not a URL');
  }
  if (!protocols.includes(parsed.protocol)) bad(name, raw, `expected ${protocols.join(' or ')} URL`);
  return raw;
}

/** A name that is safe in an MQTT client id and topic level: letters, digits, dot, dash, underscore. */
function name(env: Env, key: string, fallback: string): string {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback.replace(/[^A-Za-z0-9._-]/g, '-');
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw))
    bad(key, raw, 'expected 1–64 letters, digits, dots, dashes or underscores');
  return raw;
}

/** How this node reaches MQTT: its own embedded broker, or the broker at MQTT_URL. */
export function mqttMode(config: Pick<Config, 'mqttUrl'>): 'embedded' | 'external' {
  return config.mqttUrl ? 'external' : 'embedded';
}

export function loadConfig(env: Env = process.env): Config {
  const p = port(env, 'PORT', 8080);
  const mq = port(env, 'MQTT_PORT', 1883);
  const tz = env.TZ_CITY || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    bad('TZ_CITY', tz, 'not an IANA time zone such as Asia/Shanghai');
  }
  const rolesRaw = env.ROLES || 'api,ingest,scheduler';
  const roles = rolesRaw.split(',').map((r) => r.trim());
  for (const r of roles)
    if (!['api', 'ingest', 'scheduler'].includes(r)) bad('ROLES', rolesRaw, `unknown role "${r}"`);
  const scale = env.DEMO_SCALE || 'demo';
  if (scale !== 'demo' && scale !== 'small') bad('DEMO_SCALE', scale, 'expected demo or small');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    bad('LOG_LEVEL', logLevel, 'expected fatal, error, warn, info, debug, trace or silent');
  const dbUrl =
    env.DATABASE_URL === ':memory:' ? null : url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  return {
    port: p.value,
    portExplicit: p.explicit,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    databaseUrl: dbUrl,
    pgliteInMemory: env.DATABASE_URL === ':memory:',
    mqttUrl: url(env, 'MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:']),
    mqttShareGroup: name(env, 'MQTT_SHARE_GROUP', 'cityloop'),
    nodeName: name(env, 'NODE_NAME', os.hostname().slice(0, 64) || 'node'),
    mqttPort: mq.value,
    mqttPortExplicit: mq.explicit,
    timeZone: tz,
    demo: bool(env, 'DEMO', true),
    demoScale: scale,
    demoCases: int(env, 'DEMO_CASES', 20000, 0, 2_000_000),
    simDevices: int(env, 'SIM_DEVICES', 200, 0, 100_000),
    adminPassword: env.ADMIN_PASSWORD || null,
    roles: roles as NodeRole[],
    tiles: tileSources(env),
    metricsToken: secret(env, 'METRICS_TOKEN'),
    notify: {
      smsUrl: url(env, 'NOTIFY_SMS_URL', ['http:', 'https:']),
      smsToken: env.NOTIFY_SMS_TOKEN || null,
      smtpUrl: url(env, 'NOTIFY_SMTP_URL', ['smtp:', 'smtps:']),
      from: env.NOTIFY_FROM || 'CityLoop <noreply@cityloop.local>',
    },
    backup: {
      everyHours: int(env, 'BACKUP_EVERY_HOURS', 0, 0, 24 * 31),
      keep: int(env, 'BACKUP_KEEP', 7, 1, 1000),
    },
    logLevel,
    webDist: path.resolve(env.WEB_DIST || path.join(import.meta.dirname, '../../web/dist')),
    trustProxy: trustProxy(env),
    telemetry: telemetryOptions(env, dbUrl),
  };
}

/** TILE_URL's templates, checked now so that a typo stops the start instead of greying the map. */
function tileSources(env: Env): TileSource[] {
  const raw = env.TILE_URL ?? '';
  try {
    return parseTileSources(raw, {
      crs: env.TILE_CRS || undefined,
      subdomains: env.TILE_SUBDOMAINS || undefined,
    });
  } catch (err) {
    if (!(err instanceof TileUrlError)) throw err;
    const name = /^TILE_(CRS|SUBDOMAINS)/.exec(err.message)?.[0] ?? 'TILE_URL';
    return bad(name, env[name] ?? '', err.message);
  }
}

/**
 * Telemetry settings: TELEMETRY_BUFFER, TELEMETRY_BATCH, TELEMETRY_WRITERS,
 * TELEMETRY_RETENTION_RAW_DAYS, TELEMETRY_RETENTION_1M_DAYS, TELEMETRY_RETENTION_1H_DAYS, and
 * TELEMETRY_COPY=0 to write PostgreSQL batches with INSERT instead of COPY.
 */
function telemetryOptions(env: Env, dbUrl: string | null): TelemetryOptions {
  const postgres = dbUrl !== null;
  return {
    bufferCapacity: int(env, 'TELEMETRY_BUFFER', 200_000, 1000, 50_000_000),
    batchSize: int(env, 'TELEMETRY_BATCH', postgres ? 20_000 : 2000, 1, 1_000_000),
    writers: int(env, 'TELEMETRY_WRITERS', postgres ? 2 : 1, 1, 64),
    retentionDays: {
      raw: int(env, 'TELEMETRY_RETENTION_RAW_DAYS', 30, 1, 3650),
      '1m': int(env, 'TELEMETRY_RETENTION_1M_DAYS', 180, 1, 3650),
      '1h': int(env, 'TELEMETRY_RETENTION_1H_DAYS', 1830, 1, 36500),
    },
    maxPayloadBytes: 64 * 1024,
    copyUrl: postgres && env.TELEMETRY_COPY !== '0' ? dbUrl : null,
  };
}
