import type { Actor } from '../../actor.js';
import { ImportJobs, type ImportJob } from '../imports/importJobs.js';
import { categoryByCode, isValidComponentCode, parseDateKey } from '@cityloop/domain';
import {
  ACCURACY_CLASSES,
  COMPONENT_STATES,
  type ComponentImportBody,
  type ComponentState,
  type ImportReport,
} from '@cityloop/domain/api';
import type { Db } from '../../db/db.js';
import type { EventBus } from '../../events/bus.js';
import { audit } from '../audit/audit.service.js';
import type { GridsOffer } from '../grids/grids.module.js';
import { componentTemplate, readImportRows, type RawComponentRow } from './componentSheet.js';
import { diffFields, fieldsOf, type ComponentService } from './components.service.js';
import * as repo from './components.repository.js';

type Problem = ImportReport['problems'][number];
const BATCH = 1000;

/** English state names accepted alongside the census's Chinese ones. */
const STATE_ALIASES: Record<string, ComponentState> = {
  intact: '完好',
  damaged: '破损',
  missing: '丢失',
  lost: '丢失',
  occupied: '占用',
  abandoned: '废弃',
};

/**
 * A validated import row. Optional fields left empty in the file are undefined: an existing
 * component keeps its value, a new one gets the default.
 */
export interface ParsedComponent {
  index: number;
  code: string;
  name: string;
  gridCode: string;
  lon: number;
  lat: number;
  state?: ComponentState;
  owner?: string;
  competentDept?: string;
  maintainerDeptId?: number;
  censusDate?: string;
  accuracyClass?: string;
  note?: string;
}

const text = (v: string | number | null): string | null => (v === null ? null : String(v));

function isDateKey(v: string): boolean {
  try {
    parseDateKey(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks rows against the city: codes (16 digits, known category, category column matching the
 * code, no duplicates), positions (inside a unit grid of the district the code names), maintainer
 * department codes, states, dates and accuracy classes. Every problem of every row is reported.
 */
export function validateRows(
  rows: RawComponentRow[],
  ctx: { grids: GridsOffer; departments: Map<string, number> },
): { problems: Problem[]; components: ParsedComponent[] } {
  const problems: Problem[] = [];
  const components: ParsedComponent[] = [];
  const seen = new Map<string, RawComponentRow>();
  for (const row of rows) {
    const { index, where, at, values: v } = row;
    const before = problems.length;
    // Each problem says where (the sheet's row, or the feature) and what the page needs to tell it.
    const problem = (
      kind: string,
      code: string | null,
      message: string,
      params: Record<string, string | number> = {},
    ) => problems.push({ kind, code, index, message: `${where}: ${message}`, params: { ...at, ...params } });

    const rawCode = v.code;
    const code = text(rawCode);
    if (typeof rawCode === 'number' && !Number.isSafeInteger(rawCode)) {
      problem(
        'code_as_number',
        code,
        `code ${code} was stored as a number and lost digits; format the column as text`,
        { value: code ?? '' },
      );
      continue;
    }
    if (code === null || !isValidComponentCode(code)) {
      problem('bad_code', code, `"${code ?? ''}" is not a 16-digit component code`, { value: code ?? '' });
      continue;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      problem('duplicate_code', code, `code ${code} appears again (first at ${first.where})`, {
        first: 'row' in first.at ? first.at.row : first.at.feature,
      });
      continue;
    }
    seen.set(code, row);

    const fromCode = code.slice(6, 10);
    const category = text(v.category);
    if (category !== null && category !== fromCode) {
      problem(
        'category_mismatch',
        code,
        `category ${category} does not match the code's category digits ${fromCode}`,
        { category, fromCode },
      );
    } else if (!categoryByCode(fromCode, 'component')) {
      problem('unknown_category', code, `${fromCode} is not a component category`, { fromCode });
    }

    const name = text(v.name);
    if (name === null) problem('missing_name', code, `component ${code} has no name`);

    const lon = v.lon;
    const lat = v.lat;
    let gridCode: string | null = null;
    if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      problem('bad_position', code, `component ${code} needs a WGS-84 longitude and latitude in degrees`, {
        lon: String(lon ?? ''),
        lat: String(lat ?? ''),
      });
    } else {
      gridCode = ctx.grids.codeAt(lon, lat);
      if (gridCode === null) {
        problem('outside_city', code, `position ${lon}, ${lat} lies outside every unit grid of the city`, {
          lon,
          lat,
        });
      } else if (gridCode.slice(0, 6) !== code.slice(0, 6)) {
        problem(
          'wrong_district',
          code,
          `position ${lon}, ${lat} lies in grid ${gridCode} of district ${gridCode.slice(0, 6)}, but the code names district ${code.slice(0, 6)}`,
          { grid: gridCode, gridDistrict: gridCode.slice(0, 6), codeDistrict: code.slice(0, 6) },
        );
      }
    }

    const rawState = text(v.state);
    const state = rawState === null ? undefined : (STATE_ALIASES[rawState.toLowerCase()] ?? rawState);
    if (state !== undefined && !(COMPONENT_STATES as readonly string[]).includes(state)) {
      problem('bad_state', code, `state "${rawState}" is not one of ${COMPONENT_STATES.join('/')}`, {
        value: rawState ?? '',
      });
    }
    const censusDate = text(v.censusDate);
    if (censusDate !== null && !isDateKey(censusDate)) {
      problem('bad_date', code, `census date "${censusDate}" is not a date (YYYY-MM-DD)`, {
        value: censusDate,
      });
    }
    const accuracy = text(v.accuracyClass)?.toUpperCase() ?? null;
    if (accuracy !== null && !(ACCURACY_CLASSES as readonly string[]).includes(accuracy)) {
      problem('bad_accuracy', code, `accuracy class "${accuracy}" is not A, B or C`, { value: accuracy });
    }
    const maintainerCode = text(v.maintainerDeptCode);
    const maintainerDeptId = maintainerCode === null ? undefined : ctx.departments.get(maintainerCode);
    if (maintainerCode !== null && maintainerDeptId === undefined) {
      problem('unknown_maintainer', code, `no department has the code "${maintainerCode}"`, {
        value: maintainerCode,
      });
    }

    if (problems.length > before || name === null || gridCode === null) continue;
    const parsed: ParsedComponent = { index, code, name, gridCode, lon: lon as number, lat: lat as number };
    if (state !== undefined) parsed.state = state as ComponentState;
    const owner = text(v.owner);
    if (owner !== null) parsed.owner = owner;
    const competentDept = text(v.competentDept);
    if (competentDept !== null) parsed.competentDept = competentDept;
    if (maintainerDeptId !== undefined) parsed.maintainerDeptId = maintainerDeptId;
    if (censusDate !== null) parsed.censusDate = censusDate;
    if (accuracy !== null) parsed.accuracyClass = accuracy;
    const note = text(v.note);
    if (note !== null) parsed.note = note;
    components.push(parsed);
  }
  return { problems, components };
}

/** The row to write: the file's values over the existing record, or over the defaults. */
function merge(
  p: ParsedComponent,
  existing: repo.ComponentFields | undefined,
  today: string,
): repo.ComponentFields {
  const base: repo.ComponentFields = existing ?? {
    code: p.code,
    category: p.code.slice(6, 10),
    name: p.name,
    competentDept: null,
    owner: null,
    maintainerDeptId: null,
    gridCode: p.gridCode,
    state: '完好',
    censusDate: null,
    changeDate: today,
    source: 'import',
    accuracyClass: 'C',
    lon: p.lon,
    lat: p.lat,
    note: '',
  };
  return {
    ...base,
    name: p.name,
    gridCode: p.gridCode,
    lon: p.lon,
    lat: p.lat,
    state: p.state ?? base.state,
    owner: p.owner ?? base.owner,
    competentDept: p.competentDept ?? base.competentDept,
    maintainerDeptId: p.maintainerDeptId ?? base.maintainerDeptId,
    censusDate: p.censusDate ?? base.censusDate,
    accuracyClass: p.accuracyClass ?? base.accuracyClass,
    note: p.note ?? base.note,
  };
}

/** Component imports (GeoJSON or Excel): a validation report, then one transaction as a job. */
export class ComponentImportService {
  private readonly jobs: ImportJobs;
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly grids: GridsOffer,
    private readonly components: ComponentService,
  ) {
    this.jobs = new ImportJobs(db, 'components');
  }

  /** The report of a file; nothing is written. */
  async validate(
    body: ComponentImportBody,
  ): Promise<{ report: ImportReport; components: ParsedComponent[] }> {
    const read = await readImportRows(body);
    if ('fileProblem' in read) {
      return {
        report: {
          ok: false,
          total: 0,
          valid: 0,
          problems: [{ code: null, index: -1, ...read.fileProblem }],
        },
        components: [],
      };
    }
    const departments = await repo.departmentIds(this.db);
    const { problems, components } = validateRows(read.rows, { grids: this.grids, departments });
    const total = read.rows.length;
    return {
      report: { ok: problems.length === 0, total, valid: components.length, problems },
      components,
    };
  }

  start(body: ComponentImportBody, actor: Actor): Promise<ImportJob> {
    return this.jobs.start(actor, {
      validate: async () => {
        const { report, components } = await this.validate(body);
        return { report, items: components };
      },
      write: (components, job) => this.write(components, job, actor),
    });
  }

  get(id: number): ImportJob {
    return this.jobs.get(id);
  }

  /** The Excel template, with one of the city's components as its example row. */
  async template(): Promise<Buffer> {
    const first = (await this.components.list({ pageSize: 1 })).items[0];
    const c = first ? await this.components.get(first.code) : null;
    return componentTemplate({
      code: c?.code ?? null,
      name: c?.name ?? null,
      category: c?.category ?? null,
      state: c?.state ?? null,
      lon: c?.position[0] ?? null,
      lat: c?.position[1] ?? null,
      owner: c?.owner ?? null,
      competentDept: c?.competentDept ?? null,
      maintainerDeptCode: c?.maintainer?.code ?? null,
      censusDate: c?.censusDate ?? null,
      accuracyClass: c?.accuracyClass ?? null,
      note: c?.note || null,
    });
  }

  private async write(components: ParsedComponent[], job: ImportJob, actor: Actor) {
    const today = this.components.today();
    const counts = { created: 0, updated: 0, unchanged: 0 };
    await this.db.tx(async (q) => {
      for (let i = 0; i < components.length; i += BATCH) {
        const chunk = components.slice(i, i + BATCH);
        const existing = await repo.getForUpdate(
          q,
          chunk.map((c) => c.code),
        );
        const writes: repo.ComponentFields[] = [];
        const events: repo.ComponentEventInsert[] = [];
        for (const p of chunk) {
          const old = existing.get(p.code);
          const before = old ? fieldsOf(old) : undefined;
          const next = merge(p, before, today);
          const changes = diffFields(before ?? null, next);
          delete changes.changeDate;
          if (before && Object.keys(changes).length === 0) {
            counts.unchanged++;
            continue;
          }
          if (before) next.changeDate = today;
          counts[before ? 'updated' : 'created']++;
          writes.push(next);
          events.push({
            code: p.code,
            action: before ? 'imported' : 'created',
            userId: actor.user?.id ?? null,
            username: actor.user?.username ?? 'system',
            changes,
            requestId: actor.requestId,
          });
        }
        await repo.upsert(q, writes);
        await repo.appendEvents(q, events);
        job.processed = i + chunk.length;
      }
      await audit(q, actor, {
        action: 'import',
        entity: 'component',
        entityId: null,
        after: { ...counts, total: components.length, job: job.id },
      });
    });
    await this.bus.publish({ type: 'components.imported', data: { count: components.length } });
  }
}
