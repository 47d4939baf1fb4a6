import taxonomyJson from './seed/taxonomy.json' with { type: 'json' };

/**
 * The classic component (部件) and event (事件) classes. The two trees reuse the same 4-digit codes
 * (0101 is both 上水井盖 and 私搭乱建), so a code only names a category together with its kind.
 */
export type CategoryKind = 'component' | 'event';

export interface Category {
  code: string;
  kind: CategoryKind;
  /** 2-digit major class code. */
  major: string;
  majorName: string;
  name: string;
  nameEn?: string;
}

export interface MajorClass {
  code: string;
  kind: CategoryKind;
  name: string;
  nameEn: string;
}

interface RawMinor {
  code: string;
  name_zh: string;
  name_en?: string;
}

interface RawMajor {
  code: string;
  name_zh: string;
  name_en: string;
  minors: RawMinor[];
}

function flatten(kind: CategoryKind, majors: RawMajor[]): { majors: MajorClass[]; minors: Category[] } {
  const majorClasses = majors.map((m) => ({ code: m.code, kind, name: m.name_zh, nameEn: m.name_en }));
  const minors = majors.flatMap((m) =>
    m.minors.map((c): Category => {
      const category: Category = { code: c.code, kind, major: m.code, majorName: m.name_zh, name: c.name_zh };
      if (c.name_en !== undefined) category.nameEn = c.name_en;
      return category;
    }),
  );
  return { majors: majorClasses, minors };
}

const components = flatten('component', taxonomyJson.components);
const events = flatten('event', taxonomyJson.events);

export const MAJOR_CLASSES: readonly MajorClass[] = [...components.majors, ...events.majors];

/** Every minor category, components first, in taxonomy order. */
export const CATEGORIES: readonly Category[] = [...components.minors, ...events.minors];

const byKey = new Map(CATEGORIES.map((c) => [`${c.kind}:${c.code}`, c]));

/** The category with this 4-digit code in the given tree, or undefined. */
export function categoryByCode(code: string, kind: CategoryKind): Category | undefined {
  return byKey.get(`${kind}:${code}`);
}

export function categoriesOfKind(kind: CategoryKind): Category[] {
  return CATEGORIES.filter((c) => c.kind === kind);
}

/**
 * Categories whose name or major class name contains `q`, or whose code starts with `q`
 * (so `01` lists a whole major class). An empty query lists everything of the kind.
 */
export function searchCategories(q: string, kind?: CategoryKind): Category[] {
  const needle = q.trim().toLowerCase();
  return CATEGORIES.filter((c) => {
    if (kind !== undefined && c.kind !== kind) return false;
    if (needle === '') return true;
    return (
      c.code.startsWith(needle) ||
      c.name.includes(needle) ||
      c.majorName.includes(needle) ||
      (c.nameEn?.toLowerCase().includes(needle) ?? false)
    );
  });
}
