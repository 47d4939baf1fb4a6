import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToServer } from 'node:timers/promises';
import sharp from 'sharp';
import { findUserByUsername } from '../features/auth/auth.repository.js';
import { toSessionUser } from '../features/auth/auth.service.js';
import type { SessionUser } from '../http/access.js';
import { planYear } from './demoCasePlan.js';
import { Rng, type CasePlan, type DemoCaseDeps, type StoryEnd, type StoryEnv } from './demoCaseModel.js';
import { CaseStory } from './demoCaseStory.js';
import { userActor } from '../actor.js';

export const DEMO_CASES_SEED = 20260101;
/** Up to this many cases are made before the server starts; a larger year continues in the background. */
export const DEMO_CASES_SYNC_LIMIT = 2000;
const SETTING = 'demo.cases';
/** Cases a recent-backlog pass takes first: reported in the last days, or stopped on purpose. */
const RECENT_MS = 3 * 86_400_000;

export interface DemoCasesOptions {
  count: number;
  seed?: number;
  /** The end of the demo year; defaults to the current time. Nothing happens after it. */
  now?: Date;
  log?: (message: string) => void;
  /** A progress line every this many cases. */
  progressEvery?: number;
}

export interface DemoCasesSummary {
  cases: number;
  /** How the stories ended: done (their natural end), stalled (the recent backlog), future. */
  ends: Record<StoryEnd, number>;
  /** Stories that hit an error (a bug: the test expects none). */
  failed: number;
  ms: number;
}

/** What a start left running: the rest of a large demo year, made after the server listens. */
export interface DemoCasesRun {
  ready: DemoCasesSummary;
  /** Resolves when the background part is done (or stopped); null when nothing runs. */
  background: Promise<DemoCasesSummary> | null;
  /** Stops the background part after the current case (server shutdown). */
  stop(): Promise<void>;
}

/** Progress of a year made in the background, so a restart continues it (settings table). */
interface Progress {
  seed: number;
  count: number;
  now: string;
  /** Plans of the background part done, in order. */
  done: number;
  finished: boolean;
}

/**
 * A year of cases up to `now`, made by driving the real services (CaseService.report and .act with
 * `now` in the past): inspectors' and callers' reports, verification, filing, one- and two-level
 * dispatch, handling with realistic delays (late work differs by unit), rework, extensions,
 * suspensions, urges, send-backs, duplicates, closing. The last weeks leave cases open in every
 * state. Everything is made before this resolves; see startDemoCases for the server's start.
 */
export async function seedDemoCases(ctx: DemoCaseDeps, opts: DemoCasesOptions): Promise<DemoCasesSummary> {
  const year = await prepare(ctx, opts);
  if (!year) return emptySummary();
  return runPlans(year.env, year.plans, opts, () => false);
}

/**
 * The demo year at the server's first start (`fresh`), or the rest of one a previous start left
 * unfinished. A year of at most DEMO_CASES_SYNC_LIMIT cases is made at once. A larger one would
 * keep the server from listening for minutes (every step is a real transaction, ~5–10 ms on
 * PGlite), so the recent backlog — what the desk's queues and the units' inboxes show — is made
 * first and the older, finished cases follow in the background, in time order.
 */
export async function startDemoCases(
  ctx: DemoCaseDeps,
  opts: DemoCasesOptions & { fresh: boolean; syncLimit?: number },
): Promise<DemoCasesRun> {
  const log = opts.log ?? (() => {});
  const idle: DemoCasesRun = { ready: emptySummary(), background: null, stop: async () => {} };
  let progress: Progress | null = null;
  if (!opts.fresh) {
    progress = await getProgress(ctx);
    if (!progress || progress.finished) return idle;
    log(`demo cases: continuing the demo year in the background (${progress.done} done)`);
  } else if (opts.count <= 0) {
    return idle;
  }
  const settings = progress
    ? { ...opts, count: progress.count, seed: progress.seed, now: new Date(progress.now) }
    : opts;
  const year = await prepare(ctx, settings);
  if (!year) return idle;
  if (!progress && year.plans.length <= (opts.syncLimit ?? DEMO_CASES_SYNC_LIMIT)) {
    return {
      ready: await runPlans(year.env, year.plans, settings, () => false),
      background: null,
      stop: idle.stop,
    };
  }
  const cut = year.env.now.getTime() - RECENT_MS;
  const first = year.plans.filter((p) => p.stall !== null || p.at.getTime() >= cut);
  const rest = year.plans.filter((p) => !(p.stall !== null || p.at.getTime() >= cut));
  const state: Progress = progress ?? {
    seed: settings.seed ?? DEMO_CASES_SEED,
    count: year.plans.length,
    now: year.env.now.toISOString(),
    done: 0,
    finished: false,
  };
  let ready = emptySummary();
  if (!progress) {
    log(`demo cases: ${first.length} recent cases first, ${rest.length} older ones after the start`);
    ready = await runPlans(year.env, first, { ...settings, progressEvery: 500 }, () => false);
    await putProgress(ctx, state);
  }
  let stopping = false;
  const background = (async () => {
    // Let the server finish starting before the first background transaction.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const todo = rest.slice(state.done);
    const summary = await runPlans(
      year.env,
      todo,
      settings,
      () => stopping,
      async (n) => {
        state.done += n;
        await putProgress(ctx, state);
      },
    );
    if (!stopping) await putProgress(ctx, { ...state, finished: true });
    return summary;
  })().catch((err: unknown) => {
    log(`demo cases stopped: ${err instanceof Error ? err.message : String(err)}`);
    return emptySummary();
  });
  return {
    ready,
    background,
    async stop() {
      stopping = true;
      await background;
    },
  };
}

function emptySummary(): DemoCasesSummary {
  return { cases: 0, ends: { done: 0, stalled: 0, future: 0 }, failed: 0, ms: 0 };
}

async function prepare(ctx: DemoCaseDeps, opts: DemoCasesOptions) {
  if (opts.count <= 0) return null;
  const now = opts.now ?? new Date();
  const seed = opts.seed ?? DEMO_CASES_SEED;
  const env = await storyEnv(ctx, now, seed);
  const citizen = await userNamed(ctx, 'citizen');
  const plans = await planYear(ctx, env, { count: opts.count, seed, now, citizen });
  return { env, plans };
}

/** Reports and tells each plan's story in order; `saved(n)` hears every 250 cases done. */
async function runPlans(
  env: StoryEnv,
  plans: readonly CasePlan[],
  opts: DemoCasesOptions,
  stopped: () => boolean,
  saved?: (n: number) => Promise<void>,
): Promise<DemoCasesSummary> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const every = opts.progressEvery ?? 2000;
  const summary = emptySummary();
  let unsaved = 0;
  for (const [n, plan] of plans.entries()) {
    if (stopped()) break;
    try {
      const res = await env.ctx.cases.report(caseInput(plan), userActor(plan.reporter), { now: plan.at });
      // A case a stopped run already reported (same key) is not told twice.
      if (res.created) summary.ends[await new CaseStory(env, plan, res.case.id).run()]++;
    } catch (err) {
      summary.failed++;
      if (summary.failed <= 5) log(`demo case failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    summary.cases++;
    unsaved++;
    // PGlite answers without real I/O, so this loop would otherwise hold the event loop: let the
    // server's requests in between two cases.
    await yieldToServer();
    if (saved && unsaved >= 250) {
      await saved(unsaved);
      unsaved = 0;
    }
    if ((n + 1) % every === 0 && n + 1 < plans.length) {
      log(`demo cases: ${n + 1}/${plans.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  }
  if (saved && unsaved > 0) await saved(unsaved);
  summary.ms = performance.now() - t0;
  log(
    `demo cases: ${summary.cases} made in ${(summary.ms / 1000).toFixed(1)} s ` +
      `(${summary.ends.stalled} left waiting in queues, ${summary.failed} failed)`,
  );
  return summary;
}

function caseInput(plan: CasePlan) {
  return {
    kind: plan.kind,
    category: plan.category,
    lon: plan.lon,
    lat: plan.lat,
    description: plan.description,
    address: plan.address,
    urgency: plan.urgency,
    photos: plan.photos,
    idempotencyKey: plan.key,
    ...(plan.caller
      ? {
          nature: plan.caller.nature,
          reporterName: plan.caller.name,
          reporterPhone: plan.caller.phone,
          wantsReply: plan.caller.wantsReply,
        }
      : {}),
  };
}

async function getProgress(ctx: DemoCaseDeps): Promise<Progress | null> {
  const r = await ctx.db.query<{ value: Progress }>(`select value from settings where key = $1`, [SETTING]);
  return r.rows[0]?.value ?? null;
}

async function putProgress(ctx: DemoCaseDeps, p: Progress) {
  await ctx.db.query(
    `insert into settings(key, value) values ($1, $2)
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [SETTING, JSON.stringify(p)],
  );
}

async function userNamed(ctx: DemoCaseDeps, username: string): Promise<SessionUser> {
  const u = await findUserByUsername(ctx.db, username);
  if (!u) throw new Error(`demo cases: the demo city has no user ${username}`);
  return toSessionUser(u);
}

/** The cast (demo users by role), the units' late shares and a few demo photos. */
async function storyEnv(ctx: DemoCaseDeps, now: Date, seed: number): Promise<StoryEnv> {
  const names = await ctx.db.query<{ username: string }>(`select username from users order by id`);
  const users: SessionUser[] = [];
  for (const { username } of names.rows) users.push(await userNamed(ctx, username));
  const byName = new Map(users.map((u) => [u.username, u]));
  const need = (n: string) => {
    const u = byName.get(n);
    if (!u) throw new Error(`demo cases: the demo city has no user ${n}`);
    return u;
  };
  const inspectorsByStreet = new Map<string, SessionUser[]>();
  const handlers = new Map<number, SessionUser>();
  const districtDispatchers = new Map<string, SessionUser>();
  for (const u of users) {
    const area = u.jurisdiction.code;
    if (u.roles.includes('inspector') && u.jurisdiction.level === 'street' && area) {
      inspectorsByStreet.set(area, [...(inspectorsByStreet.get(area) ?? []), u]);
    }
    if (u.roles.includes('handler') && u.departmentId !== null && !handlers.has(u.departmentId))
      handlers.set(u.departmentId, u);
    if (u.roles.includes('dispatcher') && u.jurisdiction.level === 'district' && area)
      districtDispatchers.set(area, u);
  }
  // Late shares from 2 % to 40 %, dealt to the units in a seeded order.
  const depts = [...(await ctx.org.allDepartments()).values()].sort((a, b) => a.code.localeCompare(b.code));
  const r = new Rng(seed ^ 0x5eed);
  const order = depts.map((d) => ({ d, k: r.next() })).sort((a, b) => a.k - b.k);
  const lateShare = new Map(
    order.map(({ d }, i) => [d.id, 0.02 + 0.38 * (i / Math.max(1, order.length - 1)) ** 1.6]),
  );
  const hotline = need('hotline');
  return {
    ctx,
    now,
    operator: need('operator'),
    hotline,
    shiftLeader: need('shiftleader'),
    dispatcher: need('dispatcher'),
    supervisor: need('supervisor'),
    districtDispatchers,
    handlers,
    inspectorsByStreet,
    lateShare,
    photos: await demoPhotos(ctx, need('inspector').id),
    async reportDuplicate(plan, originalId, at) {
      await ctx.cases.report(
        {
          ...caseInput(plan),
          lon: plan.lon + 0.00005,
          lat: plan.lat + 0.00004,
          description: `市民来电再次反映：${plan.description}`,
          idempotencyKey: `${plan.key}-dup`,
          duplicateOf: originalId,
        },
        userActor(hotline),
        { now: at },
      );
    },
  };
}

/** Small generated photos (before: reddish, after: greenish), uploaded once and reused. */
async function demoPhotos(ctx: DemoCaseDeps, userId: number) {
  const make = async (r: number, g: number, b: number) => {
    const jpg = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r, g, b } } })
      .jpeg({ quality: 70 })
      .toBuffer();
    return (await ctx.attachments.upload(jpg, 'image/jpeg', userId)).id;
  };
  const before = [await make(170, 90, 60), await make(150, 110, 80), await make(120, 100, 90)];
  const after = [await make(90, 160, 100), await make(110, 170, 140), await make(140, 150, 160)];
  return { before, after };
}
