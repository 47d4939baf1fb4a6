import { existsSync } from 'node:fs';
import { DomainError } from '@cityloop/domain';

/**
 * Server-side PDF printing: a report rendered as HTML (the modules' own figures, CJK text) is printed
 * by Debian's Chromium through playwright-core — the browser lays out Chinese with the system's Noto
 * CJK fonts, which a pure-JS PDF library could only do by shipping a font file. Chromium is looked up
 * at `CHROMIUM_PATH` (default /usr/bin/chromium); without it the answer is `pdf.unavailable` (503) and
 * the page's own print button still works. One browser is launched per document and closed after it:
 * reports are printed a few times a month, never on a hot path.
 */
export interface PdfOptions {
  /** A4 unless given; `landscape` for wide tables. */
  format?: 'A4' | 'A3';
  landscape?: boolean;
  /** Text in the page footer, e.g. the report's title; the page number is added. */
  footer?: string;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export function pdfAvailable(): boolean {
  return existsSync(chromiumPath());
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Prints a complete HTML document (inline styles and images only: nothing is fetched) to PDF bytes. */
export async function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  if (!pdfAvailable()) throw new DomainError('pdf.unavailable', `no browser at ${chromiumPath()}`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    env: printerEnv(),
  });
  try {
    const page = await browser.newPage();
    // Nothing outside the document is loaded: a report carries its data inline.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const footer = opts.footer
      ? `<div style="font-size:8px;width:100%;text-align:center;color:#666">${escape(opts.footer)} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>`
      : '<span></span>';
    return await page.pdf({
      format: opts.format ?? 'A4',
      landscape: opts.landscape ?? false,
      printBackground: true,
      margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: Boolean(opts.footer),
      headerTemplate: '<span></span>',
      footerTemplate: footer,
    });
  } finally {
    await browser.close();
  }
}

/**
 * The printer's environment: the server's, without a preloaded library or a clock shim (libfaketime,
 * which the test tier preloads to move the server's clock). The browser only lays out a document whose
 * dates are already written into it, and Chromium under a moved clock never finishes starting.
 */
function printerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')) env[k] = v;
  }
  return env;
}

/** Escapes text placed into a report's HTML. */
export const htmlText = escape;
