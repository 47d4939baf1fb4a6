import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration from the environment', () => {
  it('has defaults for a first start: port 8080, embedded database and broker, Asia/Shanghai, demo on', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8080,
      portExplicit: false,
      databaseUrl: null,
      mqttUrl: null,
      mqttPort: 1883,
      timeZone: 'Asia/Shanghai',
      demo: true,
    });
    expect(c.dataDir).toMatch(/data$/);
  });

  it('marks explicitly set ports so a taken one is an error rather than moved', () => {
    expect(loadConfig({ PORT: '9000', MQTT_PORT: '1884' })).toMatchObject({
      port: 9000,
      portExplicit: true,
      mqttPort: 1884,
      mqttPortExplicit: true,
    });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['MQTT_PORT', '-1'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['MQTT_URL', 'http://broker'],
    ['TZ_CITY', 'Mars/Olympus'],
    ['DEMO', 'maybe'],
    ['ROLES', 'api,cooking'],
    ['TILE_URL', 'https://tiles.example.org/{z}/{x}.png'],
    ['TILE_CRS', 'bd09'],
  ])('stops with a message naming %s when it is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('takes a real PostgreSQL server and an external broker by URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/city', MQTT_URL: 'mqtt://127.0.0.1:1883' });
    expect(c.databaseUrl).toBe('postgres://u@db:5432/city');
    expect(c.mqttUrl).toBe('mqtt://127.0.0.1:1883');
  });

  it('trusts no proxy unless told: TRUST_PROXY is true or proxy addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY/);
  });

  it('reads TILE_URL templates with the coordinate system their host implies', () => {
    expect(loadConfig({}).tiles).toEqual([]);
    const amap = 'https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}';
    expect(loadConfig({ TILE_URL: amap }).tiles).toEqual([
      { url: amap, crs: 'gcj02', subdomains: '1234', maxZoom: 18 },
    ]);
    expect(
      loadConfig({ TILE_URL: 'https://tile.example.cn/{z}/{x}/{y}.png', TILE_CRS: 'gcj02' }).tiles[0]?.crs,
    ).toBe('gcj02');
  });

  it('takes a metrics token long enough not to be guessed, and does not echo a short one', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token-123' }).metricsToken).toBe(
      'a-long-enough-token-123',
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN.*16/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).not.toThrow(/short/);
  });
});
