import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import type { EventBus } from '../events/bus.js';
import type { Job } from '../jobs/jobs.js';
import type { Metrics } from '../observe/metrics.js';
import type { ReadinessCheck } from '../observe/observe.routes.js';

/** What every module is built on: the node's configuration, database, event bus, clock and log. */
export interface Platform {
  config: Config;
  db: Db;
  bus: EventBus;
  clock: Clock;
  /** Logs an error (with `err`) or a note. */
  log(msg: string, err?: unknown): void;
  /** This start created the city's database (the demo city was just seeded, when DEMO is on). */
  firstStart: boolean;
  /** This node's Prometheus metrics: a module adds what it measures when it is built. */
  metrics: Metrics;
  /** What must work before this node takes traffic, by name (`/api/health/ready`); the database always. */
  readiness: Map<string, ReadinessCheck>;
}

/**
 * What each feature module offers the modules that need it, by module name: a narrow interface,
 * never its repository. Each `<f>.module.ts` adds its own entry (declaration merging), so this
 * file never changes when a feature is added.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Offers {}

/**
 * The modules' own services as main.ts and the tests reach them (`app.services.cases`); other
 * modules see only a module's `Offers` entry. Each `<f>.module.ts` adds the services it builds.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export type ModuleName = keyof Offers;

/**
 * The handlers of the devices' upstream MQTT topics, by what they handle; `mqtt/ingest.ts` names
 * them (declaration merging), so this file imports no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MqttHandlers {}

/** A module once built: what it offers, its services, and what it adds to the node. */
export interface BuiltModule<N extends ModuleName> {
  offer: Offers[N];
  /** The services it builds, by the names it added to `Services`. */
  services: Partial<Services>;
  /** Its HTTP routes (and /ws handlers), registered on every node that builds the app. */
  routes?: (app: FastifyInstance) => Promise<void>;
  /** Its timers: run by the node roles they name, a cluster-wide one under a database lease. */
  jobs?: readonly Job[];
  /** Its MQTT handlers (the ingest role's upstream topics). */
  mqtt?: Partial<MqttHandlers>;
  /**
   * Work to finish before the node closes its database (last readings written, alarm decisions
   * stored); modules close in the reverse order of their building.
   */
  close?: () => Promise<void>;
}

/**
 * A feature module: its name, the modules it needs (built before it, and the only ones whose
 * offers it receives) and how it is built. `app.ts` builds every module of `modules/list.ts` in
 * dependency order.
 */
export interface FeatureModule<N extends ModuleName = ModuleName, D extends ModuleName = ModuleName> {
  name: N;
  needs: readonly D[];
  /**
   * Modules it reads when they are in the list (built before it when present, their offers handed
   * to `create` beside its needs), named as strings so a module still to come can be named; a
   * missing one is no error (the cockpit shows its tiles as missing).
   */
  wants?: readonly string[];
  create(platform: Platform, deps: Pick<Offers, D>): Promise<BuiltModule<N>> | BuiltModule<N>;
}

/** Declares a module; the types check that `create` returns the offers it names. */
export function defineModule<N extends ModuleName, D extends ModuleName = never>(
  m: FeatureModule<N, D>,
): FeatureModule<N, D> {
  return m;
}
