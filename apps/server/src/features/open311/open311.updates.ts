import { OPEN311_UPDATE_STATUSES, type Open311Update, type Open311UpdateStatus } from '@cityloop/domain/api';
import type { ZoneClock } from '@cityloop/domain';
import type { Db } from '../../db/db.js';
import type { Clock } from '../../clock.js';
import { PUBLIC_NOTE_ACTIONS } from '../cases/cases.public.js';
import { zonedDateTime } from './open311.format.js';
import {
  MAX_RESULTS,
  Problems,
  REQUEST_ID,
  charLength,
  dateWindow,
  intParam,
  isHttpUrl,
  one,
  type Fields,
} from './open311.input.js';
import type { Open311Keys } from './open311.keys.js';
import * as repo from './open311.repository.js';
import { Open311Failure } from './open311.input.js';

type Lang = 'zh' | 'en';
const NOTE_ACTIONS = [...PUBLIC_NOTE_ACTIONS];
/** The window GET servicerequestupdates reads without dates (FixMyStreet polls the last 2 hours). */
const UPDATES_DEFAULT_MS = 24 * 3600_000;

/**
 * Where the case loop stands, in mySociety's extended statuses: refused reports are "no further
 * action", a duplicate is "duplicate", work done and closed is "fixed".
 */
export function updateStatusOf(state: string, action: string, duplicate: boolean): Open311UpdateStatus {
  if (action === 'return_visit' && state !== 'closed') return 'reopen';
  switch (state) {
    case 'reported':
      return 'open';
    case 'verifying':
    case 'accepted':
    case 'filed':
      return 'investigating';
    case 'dispatched':
      return 'action_scheduled';
    case 'handling':
    case 'handled':
    case 'checking':
    case 'checked_ok':
    case 'suspended':
      return 'in_progress';
    case 'closed':
      return 'fixed';
    case 'not_accepted':
    case 'not_filed':
      return 'no_further_action';
    case 'cancelled':
      return duplicate ? 'duplicate' : 'cancelled';
    default:
      return 'open';
  }
}

/** What an update says when the step carries no public note, by its status. */
const STATUS_WORDS: Record<Open311UpdateStatus, [zh: string, en: string]> = {
  open: ['已受理，等待核实', 'Received, waiting to be verified'],
  reopen: ['回访不满意，已返工处理', 'Reopened for rework after a return visit'],
  closed: ['已结案', 'Closed'],
  fixed: ['已处理完毕并结案', 'Fixed and closed'],
  in_progress: ['正在处理', 'Being worked on'],
  planned: ['已计划处理', 'Planned'],
  action_scheduled: ['已派遣至处置单位', 'Sent to the unit that fixes it'],
  investigating: ['正在核实', 'Being checked'],
  duplicate: ['与已有问题重复', 'A duplicate of a known problem'],
  not_councils_responsibility: ['不属于城市管理范围', 'Not ours to fix'],
  no_further_action: ['经核实不予立案', 'No further action after checking'],
  internal_referral: ['已转交其他部门', 'Referred to another department'],
  cancelled: ['已撤销', 'Cancelled'],
  for_triage: ['待分拣', 'For triage'],
  unchanged: ['状态未变', 'Unchanged'],
};

/**
 * mySociety's servicerequestupdates: the public steps of the cases as updates a partner polls, and
 * the updates a partner sends (its users' comments), kept with the request.
 */
export class Open311Updates {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly zone: ZoneClock,
    private readonly keys: Pick<Open311Keys, 'idOf'>,
  ) {}

  private parseTime(v: string): number | null {
    const p = new Problems();
    const { from } = dateWindow({ start_date: [v] }, p, 0, this.zone, 0);
    return p.any ? null : from;
  }

  async updates(f: Fields, lang: Lang): Promise<Open311Update[]> {
    const p = new Problems();
    const { from, to } = dateWindow(f, p, this.clock.now().getTime(), this.zone, UPDATES_DEFAULT_MS);
    const code = one(f, 'service_request_id') ?? null;
    if (code !== null && !REQUEST_ID.test(code))
      p.add(400, `service_request_id is not a request id: ${code}`);
    const limit = intParam(f, p, 'page_size', 1, MAX_RESULTS, MAX_RESULTS);
    p.check();
    const rows = await repo.updatesInWindow(
      this.db,
      { from: new Date(from), to: new Date(to), code, limit },
      NOTE_ACTIONS,
    );
    return rows.map((u) => {
      const status = updateStatusOf(u.to_state, u.action, u.duplicate_code !== null);
      const words = STATUS_WORDS[status];
      return {
        update_id: String(u.id),
        service_request_id: u.code,
        status,
        updated_datetime: zonedDateTime(u.at_ms, this.zone),
        description: u.comment ?? (lang === 'en' ? words[1] : words[0]),
        media_url: '',
        external_status_code: u.to_state,
      };
    });
  }

  /**
   * An update a partner sends (FixMyStreet posts its users' comments): kept with the request, once
   * per update_id and key; the case's state is the city's to change, not the partner's.
   */
  async postUpdate(f: Fields): Promise<{ update_id: string }[]> {
    const keyId = await this.keys.idOf(f);
    const p = new Problems();
    const required = (name: string) => {
      const v = one(f, name);
      if (v === undefined) p.add(400, `${name} is required`);
      return v;
    };
    const code = required('service_request_id');
    const updateId = required('update_id');
    const updatedText = required('updated_datetime');
    const statusText = required('status');
    const description = required('description');
    if (code !== undefined && !REQUEST_ID.test(code))
      p.add(400, `service_request_id is not a request id: ${code}`);
    if (updateId !== undefined && charLength(updateId) > 100)
      p.add(400, 'update_id is longer than 100 characters');
    const updatedAt = updatedText === undefined ? null : this.parseTime(updatedText);
    if (updatedText !== undefined && updatedAt === null)
      p.add(400, `updated_datetime is not a W3C datetime: ${updatedText}`);
    const status = statusText?.toLowerCase();
    if (status !== undefined && !(OPEN311_UPDATE_STATUSES as readonly string[]).includes(status))
      p.add(
        400,
        `status is not one of ${OPEN311_UPDATE_STATUSES.map((s) => s.toUpperCase()).join(', ')}: ${statusText}`,
      );
    if (description !== undefined && charLength(description) > 4000)
      p.add(400, 'description is longer than 4000 characters');
    const mediaUrls = (f['media_url'] ?? []).map((m) => m.trim()).filter((m) => m !== '');
    for (const m of mediaUrls)
      if (!isHttpUrl(m)) p.add(400, `media_url is not an http(s) URL: ${m.slice(0, 100)}`);
    const contact: Record<string, string> = {};
    for (const name of ['email', 'phone', 'first_name', 'last_name', 'title', 'account_id']) {
      const v = one(f, name);
      if (v === undefined) continue;
      if (charLength(v) > 254) p.add(400, `${name} is longer than 254 characters`);
      else contact[name] = v;
    }
    const caseId =
      code !== undefined && REQUEST_ID.test(code) ? await repo.caseIdByCode(this.db, code) : null;
    if (code !== undefined && REQUEST_ID.test(code) && caseId === null)
      p.add(404, `service_request_id ${code} not found`);
    p.check();
    const added = await repo.insertUpdate(this.db, {
      caseId: caseId!,
      keyId,
      updateId: updateId!,
      status: status!,
      description: description!,
      mediaUrls,
      contact,
      updatedAt: new Date(updatedAt!),
      at: this.clock.now(),
    });
    if (!added)
      throw new Open311Failure(400, [{ code: 400, description: `update_id ${updateId} already exists` }]);
    return [{ update_id: updateId! }];
  }
}
