import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** A small real PNG (a colour gradient) for photo uploads, made without any image library. */
export function makePng(width = 96, height = 72, hue = 0): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = (60 + x * 2 + hue) & 0xff;
      raw[o + 1] = (120 + y) & 0xff;
      raw[o + 2] = (200 - y + hue) & 0xff;
    }
  }
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const photo = (name: string, hue = 0) => ({
  name,
  mimeType: 'image/png',
  buffer: makePng(96, 72, hue),
});

/** The inspector's phone app (/m/). */
export class PhonePage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/m/`);
    await this.page.getByTestId('report-form').waitFor();
  }

  /** Waits until the GPS position has been resolved to a unit grid; returns the grid line. */
  async gridLine(): Promise<string> {
    const line = this.page.getByTestId('report-grid').filter({ hasText: /[0-9]{15}/ });
    await line.waitFor();
    return line.innerText();
  }

  async report(opts: { kind: 'event' | 'component'; search: string; category: string; text: string }) {
    const p = this.page;
    await p.getByTestId('report-photo-input').setInputFiles(photo('site.png'));
    await p.getByTestId('report-photo-item').waitFor();
    await p.getByTestId(`kind-${opts.kind}`).click();
    await p.getByTestId('category-open').click();
    await p.getByTestId('category-search').fill(opts.search);
    await p.getByTestId(`category-${opts.category}`).click();
    await p.getByTestId('report-description').fill(opts.text);
  }

  /** Submits the report and returns the case number from the confirmation. */
  async submit(): Promise<string> {
    await this.page.getByTestId('report-submit').click();
    const sent = this.page.getByTestId('toast').filter({ hasText: /[0-9]{16}/ });
    await sent.waitFor();
    return /([0-9]{16})/.exec(await sent.innerText())![1]!;
  }

  /** Answers the verify or check task of a case: yes or no, a photo, a comment. */
  async answerTask(caseId: number, yes: boolean, comment?: string) {
    const p = this.page;
    await p.getByTestId('tab-tasks').click();
    const card = p.locator(`[data-testid=task-card][data-case-id="${caseId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await card.getByTestId('task-open').click();
    await card.getByTestId(yes ? 'task-yes' : 'task-no').click();
    await card.getByTestId('task-photo-input').setInputFiles(photo('check.png', 80));
    if (comment) await card.getByTestId('task-comment').fill(comment);
    await card.getByTestId('task-submit').click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });
  }
}

/** The 12319 hotline's call registration (/intake). */
export class HotlinePage {
  constructor(readonly page: Page) {}

  /**
   * Registers a call about exposed garbage (0102) in the city centre: caller, phone and words,
   * the place clicked on the map until its unit grid shows. Returns the new case's id.
   */
  async registerCall(baseUrl: string, call: { caller: string; phone: string; description: string }) {
    const page = this.page;
    await page.goto(`${baseUrl}/intake`);
    await page.getByTestId('intake-caller').fill(call.caller);
    await page.getByTestId('intake-phone').fill(call.phone);
    await page.getByTestId('intake-description').fill(call.description);
    await page.getByTestId('intake-category').click();
    await page.keyboard.type('暴露垃圾');
    await page.getByRole('option', { name: /0102 暴露垃圾/ }).click();
    await page.waitForFunction(
      () => 'window' in globalThis && (window as unknown as { __cityMap?: unknown }).__cityMap,
    );
    await page.evaluate(() => {
      const m = (window as unknown as { __cityMap: { setView(l: [number, number], z: number): void } })
        .__cityMap;
      m.setView([37.54, 121.4], 16);
    });
    await page.waitForTimeout(500);
    const box = (await page.locator('.intake .map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.getByTestId('intake-grid').innerText()).toMatch(/370602\d{9}/);
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/cases\/\d+$/);
    return Number(new URL(page.url()).pathname.split('/').pop());
  }
}

/** The intake and dispatch desk (/desk). */
export class DeskPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, queue: string) {
    await this.page.goto(`${baseUrl}/desk?queue=${queue}`);
    await this.page.getByTestId('desk-page').waitFor();
  }

  row(code: string) {
    return this.page.getByTestId('row-code').filter({ hasText: code });
  }

  async count(queue: string): Promise<string> {
    return (await this.page.getByTestId(`count-${queue}`).innerText()).trim();
  }

  /**
   * Takes the queue's main step on the selected row by keyboard: the key opens the form with
   * the submit button focused, Enter submits. Returns the dialog's condition text, if any.
   */
  async keyAction(key: string, before?: (page: Page) => Promise<void>): Promise<string | null> {
    const p = this.page;
    await p.keyboard.press(key);
    const submit = p.getByTestId('action-submit');
    await submit.waitFor();
    await expectFocused(submit);
    const condition = p.getByTestId('action-condition');
    const text = (await condition.count()) ? await condition.innerText() : null;
    if (before) await before(p);
    await p.keyboard.press('Enter');
    await submit.waitFor({ state: 'hidden' });
    return text;
  }
}

/** The verify/check form's inspector select (核实/核查): what it offers and who is preselected. */
export class InspectorChoice {
  constructor(readonly page: Page) {}

  /** Opens the form of the selected case by key and waits for the inspector select to be filled. */
  async open(key: string) {
    await this.page.keyboard.press(key);
    await this.page.getByTestId('action-submit').waitFor();
    const select = this.page.getByTestId('action-inspector');
    await select.waitFor();
    for (let i = 0; i < 100 && !(await this.preselected()); i++) await this.page.waitForTimeout(50);
  }

  /** The username of the inspector chosen in the select (empty: nobody). */
  async preselected(): Promise<string> {
    return (await this.page.getByTestId('action-inspector').getAttribute('data-selected')) ?? '';
  }

  /** Usernames offered, grouped: the case's grid first ('grid'), then the jurisdiction ('other'). */
  async offered(): Promise<string[][]> {
    const p = this.page;
    await p.getByTestId('action-inspector').click();
    const dropdown = p.locator('.el-select-dropdown:visible');
    await dropdown.locator('[data-testid^=inspector-]').first().waitFor();
    return dropdown
      .locator('.el-select-group__wrap')
      .evaluateAll((groups) =>
        groups.map((g) =>
          Array.from(g.querySelectorAll('[data-testid^=inspector-]')).map((o) =>
            o.getAttribute('data-testid')!.slice('inspector-'.length),
          ),
        ),
      );
  }

  /** Picks an inspector from the open dropdown and submits with the button. */
  async choose(username: string) {
    const p = this.page;
    await p.locator(`.el-select-dropdown:visible [data-testid="inspector-${username}"]`).click();
    const submit = p.getByTestId('action-submit');
    await submit.click();
    await submit.waitFor({ state: 'hidden' });
  }
}

async function expectFocused(locator: ReturnType<Page['getByTestId']>) {
  for (let i = 0; i < 40; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the submit button never got the focus');
}

/** A handling unit's inbox (/unit). */
export class UnitPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/unit`);
    await this.page.getByTestId('unit-page').waitFor();
  }

  row(code: string) {
    return this.page.locator('.el-table__row').filter({ hasText: code });
  }

  async start(code: string) {
    await this.row(code).getByTestId('row-start').click();
    await this.submitDialog();
  }

  async reportDone(code: string) {
    const p = this.page;
    await this.row(code).getByTestId('row-done').click();
    await p.getByTestId('action-before-input').setInputFiles(photo('before.png', 30));
    await p.getByTestId('action-photos-input').setInputFiles(photo('after.png', 140));
    await p.getByTestId('uploaded-photo').nth(1).waitFor();
    await this.submitDialog();
  }

  private async submitDialog() {
    const submit = this.page.getByTestId('action-submit');
    await submit.click();
    await submit.waitFor({ state: 'hidden' });
  }
}
