import type { Component } from 'vue';
import {
  IconAd,
  IconBarrierBlock,
  IconBuildingCommunity,
  IconBuildingStore,
  IconBulb,
  IconCircleDot,
  IconDots,
  IconHomeOff,
  IconRipple,
  IconRoad,
  IconTrafficLights,
  IconTrash,
  IconTree,
} from '@tabler/icons-vue';
import { CATEGORIES, type Category, type CategoryKind } from '@cityloop/domain/taxonomy';

/**
 * The categories as a citizen thinks of them: a dozen plain groups with a picture each (Tabler's
 * icons, bundled with the app, so they show offline) instead of the two trade trees and their
 * 4-digit codes. Every category is in exactly one group; whatever no rule names falls to "other",
 * so a category added to the taxonomy is never hidden.
 */
export interface CitizenGroup {
  key: string;
  icon: Component;
  categories: Category[];
}

type Rule = Partial<Record<CategoryKind, readonly string[]>>;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(4, '0'));

const RULES: ReadonlyArray<{ key: string; icon: Component; rule: Rule }> = [
  {
    key: 'manholes',
    icon: IconCircleDot,
    rule: { component: [...range(101, 112), '0114', '0127'], event: ['0402', '0403', '0404', '0405'] },
  },
  {
    key: 'roads',
    icon: IconRoad,
    rule: {
      component: ['0205', '0206', '0207', '0208', '0213'],
      event: ['0110', '0112', '0401', '0406', '0407'],
    },
  },
  {
    key: 'rubbish',
    icon: IconTrash,
    rule: {
      component: range(301, 305),
      event: ['0102', '0103', '0104', '0106', '0113', '0115', '0117'],
    },
  },
  {
    key: 'lights',
    icon: IconBulb,
    rule: { component: range(115, 120), event: ['0408'] },
  },
  {
    key: 'facilities',
    icon: IconBuildingCommunity,
    rule: { component: ['0113', ...range(121, 126), '0501', '0502', '0503'] },
  },
  {
    key: 'traffic',
    icon: IconTrafficLights,
    rule: {
      component: ['0201', '0202', '0203', '0204', '0209', '0210', '0211', '0212'],
      event: ['0107', '0505', '0506', '0509'],
    },
  },
  { key: 'green', icon: IconTree, rule: { component: range(401, 410), event: ['0109'] } },
  {
    key: 'street',
    icon: IconBuildingStore,
    rule: {
      event: ['0108', '0116', '0118', '0501', '0502', '0503', '0504', '0507', '0510', '0511', '0512', '0513'],
    },
  },
  { key: 'building', icon: IconHomeOff, rule: { event: ['0101'] } },
  {
    key: 'ads',
    icon: IconAd,
    rule: { component: ['0306', '0307'], event: ['0201', '0202', '0203', '0204', '0205', '0299'] },
  },
  {
    key: 'works',
    icon: IconBarrierBlock,
    rule: { component: ['0602'], event: ['0301', '0302', '0303', '0304', '0305', '0399', '0508'] },
  },
  {
    key: 'water',
    icon: IconRipple,
    rule: { component: ['0603', '0604'], event: ['0105', '0111', '0114'] },
  },
];

function build(): CitizenGroup[] {
  const taken = new Set<string>();
  const groups = RULES.map(({ key, icon, rule }) => {
    const categories = CATEGORIES.filter((c) => {
      const id = `${c.kind}:${c.code}`;
      if (taken.has(id) || !rule[c.kind]?.includes(c.code)) return false;
      taken.add(id);
      return true;
    });
    return { key, icon, categories };
  });
  const other = CATEGORIES.filter((c) => !taken.has(`${c.kind}:${c.code}`));
  return [...groups, { key: 'other', icon: IconDots, categories: other }];
}

export const CITIZEN_GROUPS: readonly CitizenGroup[] = build();

/** The group a category is shown in. */
export function groupOf(kind: CategoryKind, code: string): CitizenGroup | undefined {
  return CITIZEN_GROUPS.find((g) => g.categories.some((c) => c.kind === kind && c.code === code));
}
