/**
 * Raster tile services a real deployment may put under the map (`TILE_URL`), read and checked once
 * at start. Chinese web maps draw their streets in GCJ-02, the offset coordinates mandated for
 * published maps, while CityLoop keeps every coordinate in WGS-84: the web app's tile layer shifts
 * such tiles by the local offset (the edge), and nothing else has to know.
 */
export type TileCrs = 'wgs84' | 'gcj02';

export interface TileSource {
  /** A Leaflet URL template: {z} {x} {y} (or {-y}), optionally {s} and {r}. */
  url: string;
  crs: TileCrs;
  /** Characters that replace {s}, one per host. */
  subdomains: string;
  maxZoom: number;
}

/** What a template's host says about its service. */
interface Known {
  host: RegExp;
  crs: TileCrs;
  subdomains: string;
  maxZoom: number;
}

const KNOWN: readonly Known[] = [
  // 天地图: CGCS2000, within centimetres of WGS-84; t0 … t7.
  { host: /(^|\.)tianditu\.gov\.cn$/i, crs: 'wgs84', subdomains: '01234567', maxZoom: 18 },
  // 高德 (AMap): webrd01 … webrd04, wprd01 … 04; GCJ-02.
  { host: /(^|\.)(autonavi|amap)\.com$/i, crs: 'gcj02', subdomains: '1234', maxZoom: 18 },
  // 腾讯地图: GCJ-02.
  { host: /(^|\.)(gtimg|qq)\.com$/i, crs: 'gcj02', subdomains: '0123', maxZoom: 18 },
];

const PLACEHOLDER = /\{([^}]*)\}/g;
const ALLOWED = new Set(['s', 'z', 'x', 'y', '-y', 'r']);

export class TileUrlError extends Error {}

/**
 * The tile sources of a `TILE_URL` value: one template, or several separated by spaces drawn in
 * that order (天地图's streets `vec_w` and their names `cva_w` come as two). `crs` and
 * `subdomains` override what the host implies.
 */
export function parseTileSources(
  raw: string,
  overrides: { crs?: string | undefined; subdomains?: string | undefined } = {},
): TileSource[] {
  if (overrides.crs !== undefined && overrides.crs !== 'wgs84' && overrides.crs !== 'gcj02')
    throw new TileUrlError(`TILE_CRS must be wgs84 or gcj02, not ${JSON.stringify(overrides.crs)}`);
  if (overrides.subdomains !== undefined && !/^[a-z0-9]{1,16}$/i.test(overrides.subdomains))
    throw new TileUrlError('TILE_SUBDOMAINS must be 1–16 letters or digits, one per host');
  const templates = raw.trim().split(/\s+/).filter(Boolean);
  if (templates.length === 0) return [];
  if (templates.length > 3) throw new TileUrlError('at most 3 templates, separated by spaces');
  return templates.map((url) => {
    const m = /^(https?):\/\/([^/?#]+)/i.exec(url);
    if (!m) throw new TileUrlError(`${url}: not an http(s) URL`);
    for (const [, name] of url.matchAll(PLACEHOLDER))
      if (!ALLOWED.has(name!)) throw new TileUrlError(`${url}: unknown placeholder {${name}}`);
    if (!url.includes('{z}') || !url.includes('{x}') || !(url.includes('{y}') || url.includes('{-y}')))
      throw new TileUrlError(`${url}: needs {z}, {x} and {y}`);
    const host = m[2]!.replace(/:\d+$/, '');
    if (/(^|\.)(baidu|bdimg)\.com$/i.test(host.replace(PLACEHOLDER, 'x')))
      throw new TileUrlError(
        `${url}: Baidu's tiles use a projection of their own (BD-09 Mercator), which Leaflet cannot draw`,
      );
    const known = KNOWN.find((k) => k.host.test(host.replace(PLACEHOLDER, '0')));
    return {
      url,
      crs: (overrides.crs as TileCrs | undefined) ?? known?.crs ?? 'wgs84',
      subdomains: overrides.subdomains ?? known?.subdomains ?? 'abc',
      maxZoom: known?.maxZoom ?? 19,
    };
  });
}

/**
 * The Content-Security-Policy source for a template's host: a placeholder in the leftmost label
 * (`t{s}.tianditu.gov.cn`, `webrd0{s}.is.autonavi.com`) becomes a wildcard label, the only kind
 * CSP knows; null when the host cannot be written as a source.
 */
export function tileOrigin(template: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!m) return null;
  const labels = m[2]!.split('.');
  if (labels.slice(1).some((l) => l.includes('{'))) return null;
  if (labels[0]!.includes('{')) labels[0] = '*';
  const host = labels.join('.');
  return /^[a-z0-9.*:[\]-]+$/i.test(host) ? `${m[1]!.toLowerCase()}://${host}` : null;
}
