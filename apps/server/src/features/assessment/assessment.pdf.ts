import type { ScoreLevel } from '@cityloop/domain';
import { htmlToPdf } from '../../ops/pdf.js';
import type { AssessmentCore } from './assessment.core.js';
import { bulletinHtml, reportTitle, rollupHtml, type Lang } from './assessment.report.js';
import { rollup } from './assessment.rollup.js';
import { bulletin } from './assessment.scores.js';

/**
 * The assessment report printed by the server (`htmlToPdf`): the month's bulletin with the worst
 * findings' photos, and a quarter's or a year's roll-up. Whoever reads the bulletin sees its photos,
 * as on the bulletin page, so they are read here without a case's own check.
 */
export async function bulletinPdf(
  c: AssessmentCore,
  month: string,
  level: ScoreLevel,
  lang: Lang,
): Promise<{ name: string; body: Buffer }> {
  const b = await bulletin(c, month, level);
  const photos = new Map<string, string>();
  for (const f of b.worst) {
    if (!f.photoId || photos.has(f.photoId)) continue;
    try {
      const { mime, data } = await c.d.attachments.readAny(f.photoId, true);
      photos.set(f.photoId, `data:${mime};base64,${data.toString('base64')}`);
    } catch {
      // A photo whose file is gone prints as an empty frame: the bulletin still prints.
    }
  }
  const body = await htmlToPdf(bulletinHtml(b, lang, photos), {
    footer: reportTitle('month', month, lang),
  });
  return { name: `assessment-${level}-${month}.pdf`, body };
}

export async function rollupPdf(
  c: AssessmentCore,
  period: string,
  level: ScoreLevel,
  lang: Lang,
): Promise<{ name: string; body: Buffer }> {
  const r = await rollup(c, period, level);
  const body = await htmlToPdf(rollupHtml(r, lang), {
    landscape: r.kind === 'year',
    footer: reportTitle('rollup', period, lang),
  });
  return { name: `assessment-${level}-${period}.pdf`, body };
}
