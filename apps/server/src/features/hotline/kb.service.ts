import { DomainError } from '@cityloop/domain';
import type {
  KbArticle,
  KbArticleBody,
  KbArticleDetail,
  KbArticleList,
  KbSearchQuery,
  KbVersion,
} from '@cityloop/domain/api';
import { actingUser, type Actor } from '../../actor.js';
import type { Clock } from '../../clock.js';
import type { Db, Queryable } from '../../db/db.js';
import { audit } from '../audit/audit.service.js';
import type { EntityNamer } from '../audit/audit.log.js';
import * as repo from './hotline.repository.js';
import { DEMO_KB } from './kb.seed.js';

/**
 * The hotline's knowledge base (知识库): the answers the bureau maintains for consultations
 * (咨询), searched by the seat while the caller waits. An edit adds a version; the calls answered
 * from an answer name the version they were given, so the old words stay readable.
 */
export class KnowledgeBase {
  constructor(
    private readonly db: Db,
    private readonly time: Clock,
  ) {}

  async search(query: KbSearchQuery): Promise<KbArticleList> {
    // Words split on spaces and Chinese punctuation; each must appear (in either language).
    const words = (query.q ?? '')
      .split(/[\s,，。？?！!、;；:：]+/u)
      .map((w) => w.trim())
      .filter((w) => w.length > 0)
      .slice(0, 8);
    const [rows, categories] = await Promise.all([
      repo.searchKb(this.db, {
        words,
        category: query.category,
        retired: query.retired ?? false,
        limit: query.limit ?? 20,
      }),
      repo.kbCategories(this.db),
    ]);
    return {
      items: rows.map(present),
      categories: categories.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en })),
    };
  }

  async get(id: number): Promise<KbArticleDetail> {
    const row = await repo.kbArticle(this.db, id);
    if (!row) throw new DomainError('kb.not_found', `Knowledge-base answer ${id} does not exist`);
    const versions = await repo.kbVersions(this.db, id);
    return { ...present(row), versions: versions.map(presentVersion) };
  }

  /** A new answer (version 1). */
  async create(body: KbArticleBody, actor: Actor): Promise<KbArticleDetail> {
    const user = actingUser(actor);
    const id = await this.db.tx(async (q) => {
      await this.checkCategory(q, body.category);
      const id = await repo.insertKbArticle(q, {
        category: body.category,
        active: body.active ?? true,
        text: textOf(body),
        by: user.id,
        at: this.time.now(),
      });
      await audit(q, actor, { action: 'create', entity: 'kb_article', entityId: id, after: { ...body } });
      return id;
    });
    return this.get(id);
  }

  /**
   * An edit: a change of words adds a version (the older ones stay, for the calls that cite them);
   * a change of category or retiring alone keeps the version.
   */
  async update(id: number, body: KbArticleBody, actor: Actor): Promise<KbArticleDetail> {
    const user = actingUser(actor);
    await this.db.tx(async (q) => {
      const current = await repo.kbArticle(q, id, true);
      if (!current) throw new DomainError('kb.not_found', `Knowledge-base answer ${id} does not exist`);
      await this.checkCategory(q, body.category);
      const text = textOf(body);
      const changed =
        text.question !== current.question ||
        text.answer !== current.answer ||
        text.questionEn !== current.question_en ||
        text.answerEn !== current.answer_en ||
        text.keywords !== current.keywords;
      const now = this.time.now();
      const version = changed ? current.version + 1 : current.version;
      if (changed) await repo.insertKbVersion(q, id, version, text, user.id, now);
      await repo.updateKbArticle(q, id, {
        category: body.category,
        active: body.active ?? current.active,
        version,
        at: now,
      });
      await audit(q, actor, {
        action: 'update',
        entity: 'kb_article',
        entityId: id,
        before: { version: current.version, category: current.category, active: current.active },
        after: { version, category: body.category, active: body.active ?? current.active },
      });
    });
    return this.get(id);
  }

  /** The words of one version of an answer; null when there is no such version. */
  versionAnswer(q: Queryable, id: number, version: number) {
    return repo.kbVersionExists(q, id, version);
  }

  /** The current version of an answer, or null. */
  current(q: Queryable, id: number) {
    return repo.kbArticle(q, id);
  }

  /** The demo city's answers, on a first start with an empty knowledge base. */
  async seedDemo(): Promise<void> {
    await this.db.tx(async (q) => {
      if ((await repo.kbCount(q)) > 0) return;
      for (const a of DEMO_KB) {
        const { category, ...text } = a;
        await repo.insertKbArticle(q, { category, active: true, text, by: null, at: this.time.now() });
      }
    });
  }

  private async checkCategory(q: Queryable, code: string) {
    if (!(await repo.kbCategories(q)).some((c) => c.code === code))
      throw new DomainError('validation.failed', `Unknown knowledge-base category ${code}`);
  }

  /** Answers as the audit log names them: by their question. */
  readonly auditNamer: EntityNamer = {
    names: async (ids) => {
      const out = new Map<string, { name: string; nameEn: string | null }>();
      for (const id of ids) {
        const n = Number(id);
        const row = Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? await repo.kbArticle(this.db, n) : null;
        if (row) out.set(id, { name: row.question, nameEn: row.question_en || null });
      }
      return out;
    },
  };
}

const textOf = (b: KbArticleBody): repo.KbText => ({
  question: b.question.trim(),
  answer: b.answer.trim(),
  questionEn: (b.questionEn ?? '').trim(),
  answerEn: (b.answerEn ?? '').trim(),
  keywords: (b.keywords ?? '').trim(),
});

function presentVersion(r: Omit<repo.KbRow, 'id' | 'category' | 'active'>): KbVersion {
  return {
    version: r.version,
    question: r.question,
    answer: r.answer,
    questionEn: r.question_en,
    answerEn: r.answer_en,
    keywords: r.keywords,
    editedBy: r.edited_by,
    editedAt: r.edited_at.toISOString(),
  };
}

function present(r: repo.KbRow): KbArticle {
  return { id: r.id, category: r.category, active: r.active, ...presentVersion(r) };
}
