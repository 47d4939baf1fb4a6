import type { BuiltModule, FeatureModule, ModuleName, Offers, Platform } from './module.js';

/**
 * The modules in an order where each comes after everything it needs (otherwise the list's
 * order). A need no module offers, a name given twice or a cycle is an error naming them.
 */
export function orderModules<M extends FeatureModule<ModuleName, ModuleName>>(modules: readonly M[]): M[] {
  const byName = new Map<string, M>();
  for (const m of modules) {
    if (byName.has(m.name)) throw new Error(`Two modules are named ${m.name}`);
    byName.set(m.name, m);
  }
  const ordered: M[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: M, path: string[]) => {
    if (state.get(m.name) === 'done') return;
    if (state.get(m.name) === 'visiting')
      throw new Error(`Modules need each other in a circle: ${[...path, m.name].join(' → ')}`);
    state.set(m.name, 'visiting');
    for (const need of m.needs) {
      const dep = byName.get(need);
      if (!dep) throw new Error(`Module ${m.name} needs ${need}, which no module in the list offers`);
      visit(dep, [...path, m.name]);
    }
    for (const want of m.wants ?? []) {
      const dep = byName.get(want);
      if (dep) visit(dep, [...path, m.name]);
    }
    state.set(m.name, 'done');
    ordered.push(m);
  };
  for (const m of modules) visit(m, []);
  return ordered;
}

export interface BuiltModules {
  /** In building order. */
  built: Array<{ name: ModuleName; module: BuiltModule<ModuleName> }>;
}

/** Builds the modules in dependency order, each with the offers of exactly the modules it needs. */
export async function buildModules(
  platform: Platform,
  modules: readonly FeatureModule<ModuleName, ModuleName>[],
): Promise<BuiltModules> {
  const offers: Partial<Offers> = {};
  const built: BuiltModules['built'] = [];
  for (const m of orderModules(modules)) {
    const names = [...m.needs, ...(m.wants ?? []).filter((n) => n in offers)] as ModuleName[];
    const deps = Object.fromEntries(names.map((n) => [n, offers[n]])) as Pick<Offers, ModuleName>;
    const b = await m.create(platform, deps);
    (offers as Record<string, unknown>)[m.name] = b.offer;
    built.push({ name: m.name, module: b });
  }
  return { built };
}
