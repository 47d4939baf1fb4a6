import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  RouteOptions,
} from 'fastify';
import { DomainError } from '@cityloop/domain';

/**
 * What the route schemas alone cannot refuse, refused once for every route before validation:
 *
 * - integers beyond PostgreSQL's `integer` (an id of 2147483648 reached the database and failed
 *   there): an integer in a request without its own bounds gets these, and the OpenAPI document
 *   shows them;
 * - ids and counts in other notations: Ajv coerces path and query strings with Number(), so
 *   `0x10` was 16 and `1e3` was 1000 (a DELETE took the wrong rule); they must be decimal digits;
 * - numbers in a body or query that JSON would not write so ("0x10", "Infinity": Ajv coerces them,
 *   and Infinity passes any maximum);
 * - NUL characters in any string of the path, query or body: PostgreSQL cannot store them in text
 *   (nor half a surrogate pair, which JSON can spell as "\ud800").
 */
export const INPUT_INTEGER_MAX = 2_147_483_647;
export const INPUT_INTEGER_MIN = -2_147_483_648;

const DECIMAL = /^-?[0-9]+$/;

interface Schema {
  type?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, Schema>;
  [key: string]: unknown;
}

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInteger = (s: Schema) =>
  s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer'));

const boundedCache = new WeakMap<object, Schema>();

/**
 * The schema with PostgreSQL's integer range on every integer that has no bound of its own; the
 * same object when nothing changes, and always the same copy for the same schema (Ajv compiles
 * a schema once per object).
 */
export function withIntegerBounds(schema: Schema): Schema {
  const cached = boundedCache.get(schema);
  if (cached) return cached;
  let out = schema;
  const set = (key: string, value: unknown) => {
    if (out === schema) out = { ...schema };
    out[key] = value;
  };
  if (isInteger(schema)) {
    if (schema.maximum === undefined && schema.exclusiveMaximum === undefined)
      set('maximum', INPUT_INTEGER_MAX);
    if (schema.minimum === undefined && schema.exclusiveMinimum === undefined)
      set('minimum', INPUT_INTEGER_MIN);
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    const sub = schema[key];
    if (isSchema(sub)) {
      const b = withIntegerBounds(sub);
      if (b !== sub) set(key, b);
    } else if (Array.isArray(sub)) {
      const list = sub.map((s: unknown) => (isSchema(s) ? withIntegerBounds(s) : s));
      if (list.some((s, i) => s !== sub[i])) set(key, list);
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    const bounded = list.map((s: unknown) => (isSchema(s) ? withIntegerBounds(s) : s));
    if (bounded.some((s, i) => s !== list[i])) set(key, bounded);
  }
  for (const key of ['properties', 'patternProperties']) {
    const props = schema[key];
    if (!isSchema(props)) continue;
    let changed = false;
    const bounded: Record<string, unknown> = {};
    for (const [name, sub] of Object.entries(props)) {
      bounded[name] = isSchema(sub) ? withIntegerBounds(sub) : sub;
      changed ||= bounded[name] !== sub;
    }
    if (changed) set(key, bounded);
  }
  boundedCache.set(schema, out);
  return out;
}

/** Names of the integer fields of a params or querystring schema. */
function integerFields(schema: unknown): string[] {
  if (!isSchema(schema) || !isSchema(schema.properties)) return [];
  return Object.entries(schema.properties)
    .filter(([, s]) => isSchema(s) && isInteger(s))
    .map(([name]) => name);
}

/** A NUL, or half of a surrogate pair alone (JSON's "\ud800" is not a character of any text). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (or key) holding text PostgreSQL cannot store, or null. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  // Runs on every request: the path is spelled out only for the string that holds the bad text.
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (UNSTORABLE.test(v)) return `${path}[${i}]`;
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      const hit = findUnstorableText(v, `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (UNSTORABLE.test(key)) return JSON.stringify(path ? `${path}.${key}` : key).slice(1, -1);
    const v = record[key];
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return path ? `${path}.${key}` : key;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const hit = findUnstorableText(v, path ? `${path}.${key}` : key);
    if (hit) return hit;
  }
  return null;
}

function checkDecimal(source: 'params' | 'querystring', values: unknown, fields: string[]) {
  if (!isSchema(values)) return;
  for (const name of fields) {
    const v = values[name];
    for (const one of Array.isArray(v) ? v : [v]) {
      if (typeof one === 'string' && !DECIMAL.test(one)) {
        throw new DomainError(
          'validation.failed',
          `${source}/${name} must be a whole number in decimal digits`,
        );
      }
    }
  }
}

/** A number as JSON writes one; Ajv also turns '0x10', ' 7', '+7' and 'Infinity' into numbers. */
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

interface NumberLike {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  raw: string;
  at: string;
}

/** Strings of a body or query that Ajv's coercion would read as a number although they are not one. */
function numberLikeStrings(value: unknown, at: string, out: NumberLike[]): NumberLike[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return out;
  const isArray = Array.isArray(value);
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    // Ajv coerces a non-empty string that is equal to its Number() (that is, not NaN). The path is
    // spelled out only for such a string: this runs on every request.
    if (typeof v === 'string') {
      if (v !== '' && !PLAIN_NUMBER.test(v) && !Number.isNaN(Number(v)))
        out.push({
          holder: record,
          key: isArray ? Number(key) : key,
          raw: v,
          at: isArray ? `${at}[${key}]` : `${at}/${key}`,
        });
    } else if (v !== null && typeof v === 'object')
      numberLikeStrings(v, isArray ? `${at}[${key}]` : `${at}/${key}`, out);
  }
  return out;
}

const pendingNumberLike = new WeakMap<FastifyRequest, NumberLike[]>();

function guardFor(route: RouteOptions) {
  const schema = route.schema;
  const pathInts = integerFields(schema?.params);
  const queryInts = integerFields(schema?.querystring);
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  return function refuseMalformed(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
    try {
      checkDecimal('params', req.params, pathInts);
      checkDecimal('querystring', req.query, queryInts);
      for (const [source, value] of [
        ['params', req.params],
        ['querystring', req.query],
        ['body', req.body],
      ] as const) {
        const at = findUnstorableText(value);
        if (at)
          throw new DomainError(
            'validation.failed',
            `${source}/${at} contains a NUL character (\\u0000) or a lone surrogate: not storable text`,
          );
      }
      const numberLike = numberLikeStrings(req.query, 'querystring', numberLikeStrings(req.body, 'body', []));
      if (numberLike.length > 0) pendingNumberLike.set(req, numberLike);
    } catch (err) {
      done(err as Error);
      return;
    }
    done();
  };
}

/**
 * After validation: a body or query string that Ajv turned into a number although JSON would not
 * write it so ("0x10", " 7", "Infinity", whose Infinity even passes a maximum) is refused; one that
 * stayed a string was text.
 */
function refuseCoercedNumbers(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
  const suspects = pendingNumberLike.get(req);
  if (suspects) {
    for (const s of suspects) {
      if (typeof (s.holder as Record<string | number, unknown>)[s.key] === 'number') {
        done(
          new DomainError(
            'validation.failed',
            `${s.at} must be a number written as JSON writes one, not "${s.raw}"`,
          ),
        );
        return;
      }
    }
  }
  done();
}

/** Installs the checks above on every route registered after it (call before the routes). */
export function refuseMalformedInput(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (schema) {
      for (const part of ['params', 'querystring', 'body'] as const) {
        const s = schema[part];
        if (isSchema(s)) schema[part] = withIntegerBounds(s);
      }
    }
    const existing = route.preValidation ? [route.preValidation].flat() : [];
    route.preValidation = [guardFor(route), ...existing];
    if (schema?.body !== undefined || schema?.querystring !== undefined) {
      const handlers = route.preHandler ? [route.preHandler].flat() : [];
      route.preHandler = [refuseCoercedNumbers, ...handlers];
    }
  });
}
