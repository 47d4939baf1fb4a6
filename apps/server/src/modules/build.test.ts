import { describe, expect, it } from 'vitest';
import { orderModules } from './build.js';
import type { FeatureModule, ModuleName } from './module.js';

/** A module that only has a name and needs (the order does not build anything). */
const mod = (name: string, needs: string[] = []) =>
  ({ name, needs, create: () => ({ offer: {}, services: {} }) }) as unknown as FeatureModule<
    ModuleName,
    ModuleName
  >;
const names = (ms: Array<{ name: string }>) => ms.map((m) => m.name);

describe('building modules in dependency order', () => {
  it('puts every module after what it needs (in the order it names them), the rest in list order', () => {
    const order = names(
      orderModules([mod('alarms', ['devices', 'cases']), mod('cases'), mod('devices'), mod('map')]),
    );
    expect(order).toEqual(['devices', 'cases', 'alarms', 'map']);
  });

  it('refuses a need that no module in the list offers, naming both', () => {
    expect(() => orderModules([mod('visits', ['cases'])])).toThrow(/visits needs cases/);
  });

  it('refuses modules that need each other, naming the circle', () => {
    expect(() => orderModules([mod('a', ['b']), mod('b', ['c']), mod('c', ['a'])])).toThrow(/a → b → c → a/);
  });

  it('refuses two modules of one name', () => {
    expect(() => orderModules([mod('cases'), mod('cases')])).toThrow(/Two modules are named cases/);
  });
});
