import fc from 'fast-check';

/**
 * Request inputs for the fuzz suite (http/fuzz.int.test.ts), generated from the OpenAPI document
 * that the route schemas produce: plausible values (what the schema asks for, real codes and ids
 * where the route looks rows up) into which the suite puts one hostile value.
 */

/** A JSON Schema as @fastify/swagger writes it (only what the generator reads). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
}

const BAD_DATES = [
  '2026-02-30',
  '2026-02-29',
  '2026-13-01',
  '2026-00-10',
  '0000-01-01',
  '0000-00-00',
  '9999-12-31',
  '2026-02-30T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-06-01T25:61:00Z',
  '+275760-09-13T00:00:00Z',
  '99999999999999999',
];

/**
 * Values that have broken servers, in kinds of equal weight: NUL bytes (PostgreSQL refuses them in
 * text), integers past 32 and 64 bits, numbers in other notations, impossible dates, wrong types
 * and odd text. In a URL a non-string is sent as its JSON text.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '0101\u0000', '\u0000{}'),
  fc.constantFrom(
    2147483648,
    '2147483648',
    4294967296,
    '9223372036854775808',
    9223372036854775807,
    '99999999999999999',
    '99999999999999999999999999',
    1e308,
    -2147483649,
    -1,
    0,
    '-1',
    '0',
  ),
  fc.constantFrom('1e3', '0x10', '0b11', '1.5', '+7', '007', ' 7', '7 ', 'NaN', 'Infinity', '-0', 1.5),
  fc.constantFrom(...BAD_DATES),
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }, '', ' ', 'null', 'true'),
  fc.constantFrom(
    'x'.repeat(5000),
    '\ud800',
    '\u202e\u{1F600}',
    "'; drop table cases; --",
    '../../etc/passwd',
    '<img src=x onerror=alert(1)>',
    '%00',
  ),
);

/** A hostile value as it goes into a path segment or a query string. */
export const asUrlText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Real values from the demo city, keyed by a pattern or by a field name, so lookups can succeed. */
export interface KnownValues {
  byPattern: Map<string, readonly string[]>;
  byName: Map<string, readonly (string | number)[]>;
}

function pad(n: number, width: number) {
  return String(n).padStart(width, '0');
}

const dateOnly = fc
  .record({
    y: fc.integer({ min: 2024, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${pad(m, 2)}-${pad(d, 2)}`);
const dateTime = fc
  .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => new Date(ms).toISOString());

/** Plausible values for JSON Schemas: what the schema asks for, with real codes and ids where known. */
export class SchemaArbitraries {
  constructor(
    private readonly definitions: Record<string, JsonSchema>,
    private readonly known: KnownValues,
  ) {}

  private resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.split('/').pop() ?? '';
    const target = this.definitions[name];
    if (!target) throw new Error(`unresolved schema reference ${schema.$ref}`);
    return this.resolve(target);
  }

  /** What the schema asks for, with real codes and ids where known. */
  plausible(raw: JsonSchema, name: string, inUrl: boolean, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(raw);
    const text = (a: fc.Arbitrary<unknown>) => (inUrl ? a.map((v) => String(v)) : a);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches) return fc.oneof(...branches.map((b) => this.plausible(b, name, inUrl, depth)));
    if (schema.allOf?.[0]) return this.plausible(schema.allOf[0], name, inUrl, depth);
    const known =
      this.known.byName.get(name) ?? (schema.pattern ? this.known.byPattern.get(schema.pattern) : undefined);
    if (known && known.length > 0) return text(fc.constantFrom(...known));
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
    switch (type) {
      case 'string':
        return this.string(schema);
      case 'integer':
        return text(
          fc.integer({
            min: Math.max(schema.minimum ?? -5, -1000),
            max: Math.max(Math.min(schema.maximum ?? 200, 100_000), Math.max(schema.minimum ?? -5, -1000)),
          }),
        );
      case 'number':
        return text(
          fc.double({
            min: schema.minimum ?? -1000,
            max: schema.maximum ?? 1000,
            noNaN: true,
            noDefaultInfinity: true,
          }),
        );
      case 'boolean':
        return text(fc.boolean());
      case 'null':
        return fc.constant(null);
      case 'array': {
        const item = Array.isArray(schema.items) ? schema.items[0] : schema.items;
        if (!item || depth > 4) return fc.constant([]);
        return fc.array(this.plausible(item, name, inUrl, depth + 1), {
          minLength: schema.minItems ?? 0,
          // A ring of a polygon needs four points at least: never fewer than the schema's minimum.
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      }
      case 'object':
        return depth > 4 ? fc.constant({}) : this.object(schema, depth + 1);
      default:
        return hostileValue;
    }
  }

  /** An object with its required fields and some of its optional ones. */
  object(raw: JsonSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
    const schema = this.resolve(raw);
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, sub] of Object.entries(props)) fields[key] = this.plausible(sub, key, false, depth);
    return fc.record(fields, { requiredKeys: [...required].filter((k) => k in props) });
  }

  private string(schema: JsonSchema): fc.Arbitrary<string> {
    switch (schema.format) {
      case 'date':
        return dateOnly;
      case 'date-time':
        return dateTime;
      case 'uuid':
        return fc.uuid();
    }
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
    const min = schema.minLength ?? 0;
    return fc.string({ minLength: min, maxLength: Math.max(min, Math.min(schema.maxLength ?? 20, 20)) });
  }
}

/** The first 29 bytes of a 16×16 PNG: a header sharp can read, with no image after it. */
export const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d4948445200000010000000100806000000', 'hex');
/** A multipart/form-data body of these parts. */
export function multipart(
  parts: { name: string; filename?: string; type?: string; data: Buffer }[],
  boundary: string,
) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
      ),
      p.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
/** An upload that is broken somehow: cut off, an image that is not one, a name with a NUL. */
export const multipartBody = fc
  .record({
    data: fc.constantFrom(
      PNG_HEAD,
      PNG_HEAD.subarray(0, 8),
      Buffer.concat([PNG_HEAD, Buffer.alloc(64, 0xff)]),
      Buffer.from('not an image'),
      Buffer.alloc(0),
      Buffer.from('%PDF-1.4\n%%EOF'),
    ),
    type: fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/plain', 'image/svg+xml'),
    filename: fc.constantFrom('a.png', 'a\u0000.png', '../../x.png', ''),
    name: fc.constantFrom('file', 'other'),
    cut: fc.option(fc.integer({ min: 1, max: 120 })),
  })
  .map(({ cut, ...part }) => {
    const body = multipart([part], 'fuzzboundary');
    return {
      headers: { 'content-type': 'multipart/form-data; boundary=fuzzboundary' },
      payload: cut === null ? body : body.subarray(0, Math.max(0, body.length - cut)),
    };
  });

/** Where in a body a value can go: the body itself, and every field and item in it. */
export function bodyLocations(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const inner =
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) =>
          bodyLocations(v, [...at, Array.isArray(value) ? Number(k) : k]),
        )
      : [];
  return [at, ...inner];
}
/** The value with `replacement` at `at` (a copy; the value is left alone). */
export function replaceAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = at;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const obj = (value ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: replaceAt(obj[head], rest, replacement) };
}

/** A path segment as a client sends it; a lone surrogate goes as the bytes it would be (not UTF-8). */
export function encodeSegment(text: string): string {
  return [...text]
    .map((ch) => (/^[\ud800-\udfff]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch)))
    .join('');
}

/** Bodies that say they are JSON and are not. */
export const malformedJson = fc
  .constantFrom('{"a":', '{', '[1,2', 'nul', '\u0000', '{"a":"\\u0000"}', '{"a":1}{"b":2}', '\uFEFF{}', '')
  .map((payload) => ({ headers: { 'content-type': 'application/json' }, payload }));
