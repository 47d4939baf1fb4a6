import { describe, expect, it } from 'vitest';
import { htmlToPdf, htmlText } from './pdf.js';

describe('server-side PDF printing', () => {
  it('prints a Chinese report to a PDF with its pages numbered', async () => {
    const pdf = await htmlToPdf(
      `<!doctype html><meta charset="utf-8"><h1>${htmlText('月度报告 <测试>')}</h1><p>案件 1,234 件</p>`,
      { footer: '领导月报' },
    );
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2000);
  });

  it('escapes what it is given as text', () => {
    expect(htmlText(`<img src=x onerror="a">'`)).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;&#39;');
  });
});
