import type { CommandViolation } from '@cityloop/domain/telemetry/commands';
import { i18n } from '@/i18n';
import type { CommandDef, CommandView, DeviceProfile } from './utilities.api';

/**
 * What a command does, in the reader's language: its parameters with the profile's units and
 * names, the value it changes (before → after) and why the server refused one.
 */
type ParamDef = NonNullable<CommandDef['params']>[number];

const en = () => i18n.global.locale.value === 'en';
const t = (key: string, args: Record<string, unknown> = {}) => i18n.global.t(key, args);

/** A number as an operator reads it: no binary noise (0.30000000000000004 → 0.3). */
export const num = (v: number): string => String(+v.toPrecision(6));

const withUnit = (v: number, unit: string | undefined) => (unit ? `${num(v)} ${unit}` : num(v));

export function commandDefOf(profile: DeviceProfile | undefined, name: string): CommandDef | undefined {
  return profile?.commands.find((d) => d.name === name);
}

/** A parameter's name: the metric it sets (压力设定值), the pump number, or its key. */
export function paramLabel(p: Pick<ParamDef, 'key' | 'currentMetric'>, profile: DeviceProfile | undefined) {
  const metric = p.currentMetric ? profile?.metrics.find((m) => m.key === p.currentMetric) : undefined;
  if (metric) return (en() && metric.nameEn) || metric.name;
  if (p.key === 'pump') return t('utilities.pumpParam');
  return p.key;
}

/** `0.34 MPa` for a command's one parameter, `泵号 2` for a pump, `key value unit, …` for several. */
export function paramsText(c: Pick<CommandView, 'params'>, def: CommandDef | undefined): string {
  const defs = def?.params ?? [];
  const entries = Object.entries(c.params);
  return entries
    .map(([key, value]) => {
      const p = defs.find((d) => d.key === key);
      const shown = withUnit(value, p?.unit);
      return entries.length === 1 && key === 'value'
        ? shown
        : `${key === 'pump' ? t('utilities.pumpParam') : key} ${shown}`;
    })
    .join(', ');
}

/**
 * The change a set-point command makes, one line per parameter measured from a reading:
 * "压力设定值 0.3 → 0.33 MPa" (the reading when the command was asked for; "?" when there was none).
 */
export function changeLines(
  c: Pick<CommandView, 'params' | 'current'>,
  def: CommandDef | undefined,
  profile: DeviceProfile | undefined,
): Array<{ key: string; label: string; before: string; after: string }> {
  return (def?.params ?? []).flatMap((p) => {
    const after = c.params[p.key];
    if (after === undefined) return [];
    const before = p.currentMetric && c.current !== null ? withUnit(c.current, p.unit) : '—';
    return [{ key: p.key, label: paramLabel(p, profile), before, after: withUnit(after, p.unit) }];
  });
}

/**
 * One sentence per interlock the server refused a command for, with the parameter's name, its
 * unit, the limit and, for a step too large, the current value and the value asked for.
 */
export function violationText(
  v: CommandViolation,
  ctx: {
    def: CommandDef | undefined;
    profile: DeviceProfile | undefined;
    params: Record<string, number>;
    current: number | undefined;
  },
): string {
  const p = ctx.def?.params?.find((x) => x.key === v.param);
  const unit = p?.unit ?? '';
  const param = p ? paramLabel(p, ctx.profile) : (v.param ?? '');
  const limit = v.limit === undefined ? '' : withUnit(v.limit, unit);
  const asked = v.param !== undefined ? ctx.params[v.param] : undefined;
  return t(`utilities.violations.${v.code}`, {
    param,
    limit,
    value: asked === undefined ? '—' : withUnit(asked, unit),
    current: ctx.current === undefined ? '—' : withUnit(ctx.current, unit),
  });
}

/** The refusal's sentences, or null when the error is not a refused command with violations. */
export function refusalText(
  details: Record<string, unknown> | undefined,
  ctx: Omit<Parameters<typeof violationText>[1], 'current'>,
): string | null {
  const list = details?.violations;
  if (!Array.isArray(list) || list.length === 0) return null;
  const current = typeof details?.current === 'number' ? details.current : undefined;
  return (list as CommandViolation[]).map((v) => violationText(v, { ...ctx, current })).join(en() ? ' ' : '');
}
