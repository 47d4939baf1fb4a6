import { describe, expect, it } from 'vitest';
import { parseTileSources, tileOrigin } from './tileSources.js';

const TIANDITU =
  'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
const TIANDITU_NAMES = TIANDITU.replace(/vec/g, 'cva');
const AMAP =
  'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}';
const OSM = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

describe('TILE_URL templates', () => {
  it('reads 天地图 as WGS-84 (CGCS2000) on hosts t0–t7, its streets and names as two layers', () => {
    expect(parseTileSources(`${TIANDITU} ${TIANDITU_NAMES}`)).toEqual([
      { url: TIANDITU, crs: 'wgs84', subdomains: '01234567', maxZoom: 18 },
      { url: TIANDITU_NAMES, crs: 'wgs84', subdomains: '01234567', maxZoom: 18 },
    ]);
  });

  it('reads 高德 (AMap) as GCJ-02 on hosts webrd01–04, so the map shifts it onto WGS-84', () => {
    expect(parseTileSources(AMAP)).toEqual([{ url: AMAP, crs: 'gcj02', subdomains: '1234', maxZoom: 18 }]);
  });

  it('reads an OpenStreetMap-style template as WGS-84, and lets TILE_CRS and TILE_SUBDOMAINS override', () => {
    expect(parseTileSources(OSM)).toEqual([{ url: OSM, crs: 'wgs84', subdomains: 'abc', maxZoom: 19 }]);
    expect(
      parseTileSources('https://tiles.example.cn/{z}/{x}/{y}.png', { crs: 'gcj02', subdomains: '12' })[0],
    ).toMatchObject({ crs: 'gcj02', subdomains: '12' });
  });

  it('refuses what Leaflet could not draw, naming why', () => {
    for (const [raw, why] of [
      ['ftp://tiles.example.org/{z}/{x}/{y}.png', /http/],
      ['https://tiles.example.org/{z}/{x}.png', /\{y\}/],
      ['https://tiles.example.org/{zoom}/{x}/{y}.png', /placeholder \{zoom\}/],
      ['https://online{s}.map.bdimg.com/tile/?x={x}&y={y}&z={z}', /Baidu/],
      [`${OSM} ${OSM} ${OSM} ${OSM}`, /at most 3/],
    ] as const)
      expect(() => parseTileSources(raw), raw).toThrow(why);
    expect(() => parseTileSources(OSM, { crs: 'bd09' })).toThrow(/TILE_CRS/);
    expect(() => parseTileSources(OSM, { subdomains: 'a b' })).toThrow(/TILE_SUBDOMAINS/);
  });

  it('allows each template’s host in the Content-Security-Policy, a numbered host as a wildcard label', () => {
    expect(tileOrigin(TIANDITU)).toBe('https://*.tianditu.gov.cn');
    expect(tileOrigin(AMAP)).toBe('https://*.is.autonavi.com');
    expect(tileOrigin(OSM)).toBe('https://tile.openstreetmap.org');
    expect(tileOrigin('https://{s}.tiles.example.org/{z}/{x}/{y}.png')).toBe('https://*.tiles.example.org');
    expect(tileOrigin('https://a.{s}.example.org/{z}/{x}/{y}.png')).toBeNull();
  });
});
