import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { DESK_QUEUES } from '@cityloop/domain/cases/queues';
import { deviceTopics } from '@cityloop/domain/telemetry/topics';
import { startMqtt, type MqttRuntime } from '../apps/server/src/mqtt/runtime.js';
import { login, shot, type E2EServer, withServerAndBrowser } from './harness.js';
import { switchLanguage } from './pages.js';

/** A booster pump station of the demo fleet; this test plays the station itself over MQTT. */
const STATION = 'bs-0001';

interface AlarmRow {
  id: number;
  kind: string;
  severity: string;
  state: string;
  caseId: number | null;
}
interface CommandRow {
  id: number;
  state: string;
}

/** The alarm console, as a utility operator sees it. */
class AlarmConsole {
  constructor(readonly page: Page) {}
  async open(url: string) {
    await this.page.goto(`${url}/utilities/alarms`);
    await this.page.getByTestId('alarm-console').waitFor();
  }
  state(id: number) {
    return this.page.getByTestId(`alarm-state-${id}`);
  }
  async bulkAcknowledge(ids: number[], comment: string) {
    for (const id of ids) {
      await this.page
        .locator('tr', { has: this.state(id) })
        .locator('.el-checkbox')
        .click();
    }
    await this.page.getByTestId('alarm-bulk-ack').click();
    await this.page.getByTestId('ack-comment').fill(comment);
    await this.page.getByTestId('ack-submit').click();
  }
}

/** The station page: live values, trends, the command form and the commands list. */
class StationPage {
  constructor(readonly page: Page) {}
  async open(url: string, id: string) {
    await this.page.goto(`${url}/utilities/devices/${id}`);
    await this.page.locator(`[data-testid="device-page"][data-loaded="true"]`).waitFor();
  }
  async sendSetPoint(value: number) {
    await this.page.getByTestId('command-name').click();
    await this.page.getByTestId('command-option-set_pressure').click();
    const input = this.page.getByTestId('command-param-value').locator('input');
    await input.fill(String(value));
    await input.blur();
    await this.page.getByTestId('command-send').click();
  }
  commandState(id: number) {
    return this.page.getByTestId(`command-state-${id}`);
  }
}

describe('utilities in the browser: pipe burst → alarm → case; a set-point with a second operator', () => {
  let server: E2EServer;
  let runtime: MqttRuntime;
  let browser: Browser;
  let station: MqttClient;
  const pages: Record<string, Page> = {};
  let alarm: AlarmRow;

  async function as(user: string): Promise<Page> {
    // The browser's zone is not the city's: every time on the pages must still be the city's.
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    await login(page, server.url, user);
    pages[user] = page;
    return page;
  }

  async function api<T>(user: string, path: string): Promise<T> {
    const res = await pages[user]!.request.get(`${server.url}${path}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as T;
  }

  async function eventually<T>(fn: () => Promise<T | null | undefined>, ms = 20_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  withServerAndBrowser((s, b) => ((server = s), (browser = b)));

  beforeAll(async () => {
    runtime = await startMqtt(server.app.ingest, { url: null, port: 0, explicit: false, host: '127.0.0.1' });
    await as('admin');
    // An administrator reads the demo station's MQTT token on its device page.
    const detail = await api<{ token: string | null }>('admin', `/api/devices/${STATION}`);
    expect(detail.token).toBeTruthy();
    station = await mqtt.connectAsync(runtime.url, {
      clientId: STATION,
      username: STATION,
      password: detail.token!,
      reconnectPeriod: 0,
    });
    // The station answers every command it gets: delivered, then succeeded.
    await station.subscribeAsync(deviceTopics.commands(STATION), { qos: 1 });
    station.on('message', (_topic, raw) => {
      const cmd = JSON.parse(raw.toString()) as { id: string | number };
      const ack = (status: string) =>
        station.publishAsync(
          deviceTopics.ack(STATION),
          JSON.stringify({ id: cmd.id, status, ts: Date.now() }),
          {
            qos: 1,
          },
        );
      void ack('delivered').then(() => ack('succeeded'));
    });
    await station.publishAsync(
      deviceTopics.status(STATION),
      JSON.stringify({ status: 'online', ts: Date.now() }),
      {
        qos: 1,
      },
    );
  });

  // Runs before the harness closes the browser (and with it every context) and the server.
  afterAll(async () => {
    await station?.endAsync();
    await runtime?.close();
  });

  it('a pipe burst raises a critical alarm live on the console, with its case', async () => {
    const console_ = new AlarmConsole(await as('utility'));
    await console_.open(server.url);
    await shot(console_.page, 'utilities-01-console-before');

    // Discharge pressure falls from 0.32 to 0.05 MPa in 30 s: a burst main downstream.
    const now = Date.now();
    const others = {
      suction_pressure: 0.23,
      flow: 940,
      pump1_state: 1,
      pump2_state: 0,
      pressure_setpoint: 0.3,
    };
    const burst = [
      { ts: now - 120_000, values: { ...others, discharge_pressure: 0.32 } },
      { ts: now - 90_000, values: { ...others, discharge_pressure: 0.05 } },
    ];
    await station.publishAsync(deviceTopics.telemetry(STATION), JSON.stringify(burst), { qos: 1 });

    alarm = await eventually(async () => {
      const list = await api<{ items: AlarmRow[] }>(
        'utility',
        `/api/alarms?deviceId=${STATION}&state=active`,
      );
      return list.items.find((a) => a.kind === 'rate_of_change' && a.caseId !== null);
    });
    expect(alarm.severity).toBe('critical');
    await expect
      .poll(() => console_.state(alarm.id).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('active');
    await expect
      .poll(() => console_.page.getByTestId('alarm-console').getAttribute('data-beeps'))
      .not.toBe('0');
    await console_.page.getByTestId(`alarm-case-${alarm.id}`).waitFor();
    await shot(console_.page, 'utilities-02-console-burst');

    await console_.bulkAcknowledge([alarm.id], '已通知抢修班组关阀');
    await expect
      .poll(() => console_.state(alarm.id).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('acknowledged');
    await shot(console_.page, 'utilities-03-console-acked');
  });

  it('the linked case is in the dispatcher’s queue', async () => {
    const page = await as('dispatcher');
    let queue = '';
    for (const q of DESK_QUEUES) {
      const res = await api<{ items: Array<{ id: number }> }>('dispatcher', `/api/cases?queue=${q}`);
      if (res.items.some((c) => c.id === alarm.caseId)) {
        queue = q;
        break;
      }
    }
    expect(queue).not.toBe('');
    await page.goto(`${server.url}/desk?queue=${queue}`);
    await page.locator(`[data-testid="row-code"][data-case-id="${alarm.caseId}"]`).waitFor();
    await shot(page, 'utilities-04-dispatcher-queue');
  });

  it('a set-point past the largest step is refused in a sentence naming the limit, current and asked-for values', async () => {
    const mine = new StationPage(pages.utility!);
    await mine.open(server.url, STATION);
    await mine.page.getByTestId('command-maxstep').waitFor();
    // The station's set-point reads 0.3 MPa; at most 0.05 MPa per change.
    await mine.sendSetPoint(0.4);
    const toast = mine.page.locator('.el-message--error').last();
    await toast.waitFor();
    expect(await toast.innerText()).toBe(
      '指令未下发：压力设定值单次最多调整 0.05 MPa：当前 0.3 MPa，目标 0.4 MPa，请分步调整。',
    );
    await shot(mine.page, 'utilities-05a-refused-step');
  });

  it('a pump set-point waits for a second operator, who is told live, checks the change in a dialog and confirms', async () => {
    // The colleague is on another page when the command is asked for.
    const colleague = await as('utility2');
    await colleague.goto(`${server.url}/utilities/water`);
    await colleague.getByTestId('utilities-water').waitFor();
    expect(await colleague.getByTestId('nav-badge-utilities-alarms').count()).toBe(0);

    const mine = new StationPage(pages.utility!);
    await mine.open(server.url, STATION);
    await mine.page.getByTestId('command-maxstep').waitFor();
    await mine.sendSetPoint(0.33);
    const cmd = await eventually(async () => {
      const list = await api<{ items: CommandRow[] }>('utility', `/api/commands?deviceId=${STATION}`);
      return list.items.find((c) => c.state === 'awaiting_confirmation');
    });
    await expect
      .poll(() => mine.commandState(cmd.id).getAttribute('data-state'))
      .toBe('awaiting_confirmation');
    // The requester cannot confirm their own critical command, and is not asked to.
    expect(await mine.page.getByTestId(`command-confirm-${cmd.id}`).count()).toBe(0);
    expect(await mine.page.getByTestId('pending-command-note').count()).toBe(0);
    await shot(mine.page, 'utilities-05-awaiting-confirmation');

    // utility2 hears of it without reloading: a notification naming the station and the change,
    // and a count on the alarm console's menu entry.
    const station = await api<{ name: string }>('admin', `/api/devices/${STATION}`);
    const note = colleague.getByTestId('pending-command-note');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.innerText()).toContain(
      `公用事业调度员 请求对 ${station.name} 执行“设定出水压力”：压力设定值 0.3 MPa → 0.33 MPa`,
    );
    expect(await colleague.getByTestId('nav-badge-utilities-alarms').innerText()).toBe('1');
    expect(await colleague.getByTestId('pending-count').innerText()).toBe('1');
    await shot(colleague, 'utilities-06a-colleague-notified');

    await colleague.getByTestId('pending-command-go').click();
    await colleague.waitForURL(/\/utilities\/alarms$/);
    const pending = colleague.getByTestId('pending-commands');
    await expect.poll(() => pending.innerText()).toContain(station.name);
    expect(await pending.innerText()).toContain('0.33 MPa');

    // Confirming opens a dialog that restates the station, the change and who asked.
    await colleague.getByTestId(`command-confirm-${cmd.id}`).click();
    const dialog = colleague.getByTestId('confirm-dialog');
    await dialog.getByTestId('confirm-change').waitFor();
    expect(await dialog.getByTestId('confirm-station').innerText()).toContain(station.name);
    expect(await dialog.getByTestId('confirm-command').innerText()).toBe('设定出水压力');
    expect(await dialog.getByTestId('confirm-change').innerText()).toBe('压力设定值 0.3 MPa → 0.33 MPa');
    expect(await dialog.getByTestId('confirm-requester').innerText()).toContain('公用事业调度员');
    // Nothing goes out until the colleague says they checked it.
    expect(await dialog.getByTestId('confirm-submit').isDisabled()).toBe(true);
    await shot(colleague, 'utilities-06b-confirm-dialog');
    await dialog.getByTestId('confirm-check').click();
    await dialog.getByTestId('confirm-submit').click();
    await shot(colleague, 'utilities-06-confirmed-by-colleague');

    await expect
      .poll(() => mine.commandState(cmd.id).getAttribute('data-state'), { timeout: 20_000 })
      .toBe('succeeded');
    // Once confirmed it no longer waits: the colleague's count goes away.
    await expect.poll(() => colleague.getByTestId('nav-badge-utilities-alarms').count()).toBe(0);
    await mine.page.getByTestId('command-table').scrollIntoViewIfNeeded();
    await shot(mine.page, 'utilities-07-succeeded');
  });

  it('live values show the time of their reading on the city’s clock, not the browser’s', async () => {
    // 03:04:05 in the city is 19:04:05 or 20:04:05 the day before in London.
    const ts = Date.now() - 60_000;
    await station.publishAsync(
      deviceTopics.telemetry(STATION),
      JSON.stringify({ ts, values: { suction_pressure: 0.24 } }),
      { qos: 1 },
    );
    const mine = new StationPage(pages.utility!);
    await mine.open(server.url, STATION);
    const city = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(ts);
    await expect.poll(() => mine.page.getByTestId('live-suction_pressure').innerText()).toContain(city);
  });

  it('the water overview draws the supply zone of a pressure point’s street, and says its mean', async () => {
    const POINT = 'pp-0001';
    const detail = await api<{ token: string | null; gridCode: string | null }>(
      'admin',
      `/api/devices/${POINT}`,
    );
    const point = await mqtt.connectAsync(runtime.url, {
      clientId: POINT,
      username: POINT,
      password: detail.token!,
      reconnectPeriod: 0,
    });
    try {
      await point.publishAsync(
        deviceTopics.telemetry(POINT),
        JSON.stringify({ ts: Date.now(), values: { pressure: 0.12, battery: 80 } }),
        { qos: 1 },
      );
      const page = pages.utility!;
      await page.goto(`${server.url}/utilities/water`);
      // The demo fleet is off in this server: this point is the only one reporting, so one zone.
      const map = page.getByTestId('utilities-map');
      await expect.poll(() => map.getAttribute('data-zones'), { timeout: 15_000 }).toBe('1');
      const streets = await page.request.get(`${server.url}/api/map/layers`);
      const street = (
        (await streets.json()) as {
          layers: { streets: { features: Array<{ properties: { code: string; name: string } }> } };
        }
      ).layers.streets.features.find((f) => f.properties.code === detail.gridCode!.slice(0, 9));
      expect(await page.locator('.legend').innerText()).toContain('供水分区');
      expect(await page.getByTestId('zone-list').textContent()).toBe(
        `${street!.properties.name} 供水分区：平均 0.120 MPa，最低 0.120 MPa（测压点 1 个）`,
      );
      await shot(page, 'utilities-08-water-zones');
      // The stations stay on top of the zones: a click on the point's marker opens a station page.
      const device = await api<{ lon: number; lat: number }>('admin', `/api/devices/${POINT}`);
      // Centre the point without animation and let the canvas redraw, so the click lands on it even
      // when the map was still moving to its first view (a busy machine).
      const pt = await page.evaluate(
        async ([x, y]) => {
          const map = (
            globalThis as unknown as {
              __cityMap: {
                setView(ll: [number, number], z: number, o: { animate: boolean }): unknown;
                getZoom(): number;
                latLngToContainerPoint(ll: [number, number]): { x: number; y: number };
              };
            }
          ).__cityMap;
          map.setView([y, x], Math.max(map.getZoom(), 15), { animate: false });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return map.latLngToContainerPoint([y, x]);
        },
        [device.lon, device.lat] as const,
      );
      await map.getByTestId('city-map').click({ position: { x: Math.round(pt.x), y: Math.round(pt.y) } });
      // (Demo points of one community share a spot: the click may open a sibling point's page.)
      await page.waitForURL(/\/utilities\/devices\/pp-\d{4}$/);
    } finally {
      await point.endAsync();
    }
  });

  it('the drainage tiles say over which readings and period; an alarm cleared unacknowledged is counted apart', async () => {
    const GAUGE = 'wl-0001';
    const detail = await api<{ token: string | null }>('admin', `/api/devices/${GAUGE}`);
    const gauge = await mqtt.connectAsync(runtime.url, {
      clientId: GAUGE,
      username: GAUGE,
      password: detail.token!,
      reconnectPeriod: 0,
    });
    try {
      const now = Date.now();
      const depth = (cm: number, from: number) =>
        JSON.stringify(
          Array.from({ length: 5 }, (_, i) => ({ ts: from + i * 30_000, values: { depth: cm } })),
        );
      // 35 cm under the underpass for two minutes (yellow and red), then it drains away unacknowledged.
      await gauge.publishAsync(deviceTopics.telemetry(GAUGE), depth(35, now - 320_000), { qos: 1 });
      await eventually(async () => {
        const list = await api<{ items: AlarmRow[] }>('utility', `/api/alarms?deviceId=${GAUGE}&state=open`);
        return list.items.length === 2;
      });
      await gauge.publishAsync(deviceTopics.telemetry(GAUGE), depth(0, now - 160_000), { qos: 1 });
      await eventually(async () => {
        const list = await api<{ items: AlarmRow[] }>('utility', `/api/alarms?deviceId=${GAUGE}&state=open`);
        return list.items.filter((a) => a.state === 'cleared_unacked').length === 2;
      });
      let notCleared = 0;
      let clearedUnacked = 0;
      for (const type of ['drainage_station', 'rain_gauge', 'waterlogging_gauge']) {
        const o = await api<{ alarmCounts: { notCleared: number; clearedUnacked: number } }>(
          'utility',
          `/api/utilities/overview?type=${type}`,
        );
        notCleared += o.alarmCounts.notCleared;
        clearedUnacked += o.alarmCounts.clearedUnacked;
      }
      expect(clearedUnacked).toBeGreaterThanOrEqual(2);

      const page = pages.utility!;
      await page.goto(`${server.url}/utilities/drainage`);
      await page.locator('[data-testid="utilities-drainage"][data-loaded="true"]').waitFor();
      // The two cleared alarms are not "未消除": they are told apart, waiting for acknowledgement.
      await expect.poll(() => page.getByTestId('kpi-alarms-value').innerText()).toBe(String(notCleared));
      expect(await page.getByTestId('kpi-alarms-extra').innerText()).toBe(
        `另有已消除待确认 ${clearedUnacked} 条`,
      );
      expect(await page.getByTestId('kpi-maxDepth-note').innerText()).toBe(
        '各积水点最新读数（约每 30 秒一次）中的最大值',
      );
      expect(await page.getByTestId('kpi-rainfall-note').innerText()).toBe('各雨量计最近 1 分钟雨量的平均值');
      await shot(page, 'utilities-09-drainage');
      await switchLanguage(page, 'en');
      await expect
        .poll(() => page.getByTestId('kpi-rainfall-note').innerText())
        .toBe('mean of the gauges’ rainfall over the last 1 min');
      expect(await page.getByTestId('kpi-alarms-extra').innerText()).toBe(
        `and ${clearedUnacked} cleared, awaiting acknowledgement`,
      );
      await shot(page, 'utilities-09-drainage-en');
      await switchLanguage(page, 'zh-CN');
    } finally {
      await gauge.endAsync();
    }
  });

  it('in English the station page names its metrics and commands from the profile’s English names', async () => {
    const mine = new StationPage(pages.utility!);
    await mine.open(server.url, STATION);
    await switchLanguage(mine.page, 'en');
    await expect
      .poll(() => mine.page.getByTestId('live-discharge_pressure').innerText())
      .toContain('Discharge pressure');
    expect(await mine.page.getByTestId('command-table').innerText()).toContain('Set discharge pressure');
    // The burst's alarm, whose stored message is Chinese, is told from its fields.
    const message = mine.page.getByTestId(`alarm-message-${alarm.id}`);
    expect(await message.innerText()).toBe('Discharge pressure changing too fast');
    // Its value is the rate it judged, in the metric's unit per minute.
    expect(await mine.page.getByTestId(`alarm-value-${alarm.id}`).innerText()).toMatch(
      /^-0\.\d{3} MPa\/min$/,
    );
    // A refusal is a sentence in English too.
    await mine.sendSetPoint(0.4);
    const toast = mine.page.locator('.el-message--error').last();
    await toast.waitFor();
    expect(await toast.innerText()).toBe(
      'Command not sent: Pressure set-point may change by at most 0.05 MPa at once: it is 0.3 MPa now and you asked for 0.4 MPa; change it in steps.',
    );
    await shot(mine.page, 'utilities-10-station-en');

    // The colleague's dialog in English, then the command is rejected.
    await mine.sendSetPoint(0.32);
    const cmd = await eventually(async () => {
      const list = await api<{ items: CommandRow[] }>('utility', `/api/commands?deviceId=${STATION}`);
      return list.items.find((c) => c.state === 'awaiting_confirmation');
    });
    const colleague = pages.utility2!;
    await colleague.goto(`${server.url}/utilities/alarms`);
    await switchLanguage(colleague, 'en');
    await colleague.getByTestId(`command-confirm-${cmd.id}`).click();
    const dialog = colleague.getByTestId('confirm-dialog');
    await expect
      .poll(() => dialog.getByTestId('confirm-change').innerText())
      .toBe('Pressure set-point 0.3 MPa → 0.32 MPa');
    await shot(colleague, 'utilities-11-confirm-dialog-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await colleague.getByTestId(`command-reject-${cmd.id}`).click();
    await expect.poll(() => mine.commandState(cmd.id).getAttribute('data-state')).toBe('rejected');
    await switchLanguage(colleague, 'zh-CN');
    await switchLanguage(mine.page, 'zh-CN');
    await expect
      .poll(() => mine.page.getByTestId('live-discharge_pressure').innerText())
      .toContain('出水压力');
  });
});
