import { shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Static } from '@sinclair/typebox';
import type { JurisdictionSchema } from '@cityloop/domain/api';
import { MAX_PAGE, orgApi } from '@/features/org/org.api';
import { localName } from '@/i18n/localName';

export type Jurisdiction = Static<typeof JurisdictionSchema>;

// Names of districts, streets and departments, fetched once per page load for labels.
const areaNames = shallowRef(new Map<string, string>());
const departmentNames = shallowRef(new Map<number, { name: string; nameEn: string | null }>());
let loading: Promise<void> | null = null;

async function load(): Promise<void> {
  const [districts, streets, departments] = await Promise.all([
    orgApi.districts(),
    orgApi.streets({ pageSize: MAX_PAGE }),
    orgApi.departments({ pageSize: MAX_PAGE }),
  ]);
  areaNames.value = new Map([...districts, ...streets.items].map((a) => [a.code, a.name]));
  departmentNames.value = new Map(departments.items.map((d) => [d.id, d]));
}

/** Turns codes into names: "区 · 芝罘区", "部门 · 市供水公司"; codes stand in until names arrive. */
export function useOrgNames() {
  const { t } = useI18n();
  loading ??= load().catch(() => {
    // Names are a nicety: codes still say enough. Try again on the next page.
    loading = null;
  });

  function deptName(id: number): string {
    const d = departmentNames.value.get(id);
    return d ? localName(d.name, d.nameEn) : `#${id}`;
  }

  function jurisdictionText(j: Jurisdiction): string {
    const level = t(`jurisdiction.levels.${j.level}`);
    if (j.level === 'department') {
      return j.departmentId === null ? level : `${level} · ${deptName(j.departmentId)}`;
    }
    return j.code ? `${level} · ${areaNames.value.get(j.code) ?? j.code}` : level;
  }

  return { jurisdictionText, areaName: (code: string) => areaNames.value.get(code) ?? code };
}
