import { useI18n } from 'vue-i18n';
import { alarmMeasure, type AlarmRuleKind } from '@cityloop/domain/telemetry/alarms';
import type { AlarmView } from './utilities.api';
import { formatValue } from './sectors';
import { loadProfiles, profiles, useProfileText } from './profiles';

/**
 * An alarm in words, in the page's language: what it says (metric and rule kind, the limit of a
 * level rule) and the value it judged. An alarm says it as a code (`alarm.condition`); one raised
 * before that carries the server's Chinese sentence, which a Chinese page shows as written.
 */
export function useAlarmText() {
  const { t, locale } = useI18n();
  const { nameOf } = useProfileText();
  void loadProfiles();

  const metricOf = (a: AlarmView) =>
    profiles.value.get(a.deviceType)?.metrics.find((m) => m.key === a.metric);
  const measureOf = (a: AlarmView) => alarmMeasure(a.kind as AlarmRuleKind);

  function messageOf(a: AlarmView): string {
    if (!a.note && a.message && locale.value !== 'en') return a.message;
    const def = metricOf(a);
    const what = t('utilities.alarmWhat', {
      metric: def ? nameOf(def) : a.metric,
      kind: t(`utilities.alarmKinds.${a.kind}`),
    });
    if (measureOf(a) !== 'level' || a.threshold === null) return what;
    return t('utilities.alarmWithLimit', {
      what,
      limit: t('utilities.alarmLimit', { value: `${a.threshold} ${def?.unit ?? ''}`.trim() }),
    });
  }

  /**
   * The value the rule judged, in its unit: the metric's for limits, per minute for a rate of
   * change, seconds of silence or of no change for no data and stuck.
   */
  function valueOf(a: AlarmView): string {
    if (a.value === null) return '—';
    const measure = measureOf(a);
    if (measure === 'seconds') return t('utilities.seconds', { n: Math.round(a.value) });
    const shown = `${formatValue(a.value)} ${metricOf(a)?.unit ?? ''}`.trim();
    return measure === 'rate' ? t('utilities.perMinute', { value: shown }) : shown;
  }

  return { messageOf, valueOf };
}
