import Fastify from 'fastify';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { registerErrorHandler } from './errors.js';
import { findUnstorableText, INPUT_INTEGER_MAX, INPUT_INTEGER_MIN, withIntegerBounds } from './input.js';

describe('withIntegerBounds', () => {
  it("gives an integer without bounds PostgreSQL integer's, deep in objects, arrays and unions", () => {
    const body = Type.Object({
      id: Type.Integer(),
      ids: Type.Array(Type.Integer()),
      unit: Type.Union([Type.Null(), Type.Integer()]),
      nested: Type.Object({ n: Type.Integer() }),
    });
    const b = withIntegerBounds(body) as unknown as {
      properties: Record<
        string,
        {
          maximum?: number;
          minimum?: number;
          items?: { maximum?: number };
          anyOf?: { maximum?: number }[];
          properties?: Record<string, { maximum?: number }>;
        }
      >;
    };
    expect(b.properties.id).toMatchObject({ minimum: INPUT_INTEGER_MIN, maximum: INPUT_INTEGER_MAX });
    expect(b.properties.ids!.items).toMatchObject({ maximum: INPUT_INTEGER_MAX });
    expect(b.properties.unit!.anyOf![1]).toMatchObject({ maximum: INPUT_INTEGER_MAX });
    expect(b.properties.nested!.properties!.n).toMatchObject({ maximum: INPUT_INTEGER_MAX });
  });

  it('keeps bounds a schema has, leaves the original alone and gives the same copy every time', () => {
    const own = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
    expect(withIntegerBounds(own)).toBe(own);
    const bare = Type.Object({ id: Type.Integer() });
    const first = withIntegerBounds(bare);
    expect(first).not.toBe(bare);
    expect(bare.properties.id.maximum).toBeUndefined();
    expect(withIntegerBounds(bare)).toBe(first);
  });
});

describe('findUnstorableText', () => {
  it('names the first string or key holding a NUL character or a lone surrogate', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'y\u0000'] })).toBe('b[1]');
    expect(findUnstorableText({ 'k\u0000': 1 })).toBe('k\\u0000');
    expect(findUnstorableText({ a: { b: 'x\ud800' } })).toBe('a.b');
    expect(findUnstorableText({ ok: '\u{1F600}' })).toBeNull();
    expect(findUnstorableText('\u0000')).toBe('(value)');
  });

  it('passes clean input, numbers and buffers', () => {
    expect(findUnstorableText({ a: 'ok', n: 0, list: [1, null, { b: 'c' }] })).toBeNull();
    expect(findUnstorableText(Buffer.from([0, 0, 0]))).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });
});

describe('the input checks on a route', () => {
  /** A route as the server makes them: Ajv coerces types, the checks come with the error handler. */
  async function app() {
    const a = Fastify({ ajv: { customOptions: { coerceTypes: 'array' } } });
    registerErrorHandler(a);
    a.post(
      '/things/:id',
      {
        schema: {
          params: Type.Object({ id: Type.Integer() }),
          querystring: Type.Object({ near: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })) }),
          body: Type.Object({ unitId: Type.Integer(), note: Type.Optional(Type.String()) }),
        },
      },
      async (req) => ({ params: req.params, query: req.query, body: req.body }),
    );
    await a.ready();
    return a;
  }
  const post = async (url: string, body: unknown) => {
    const a = await app();
    const res = await a.inject({ method: 'POST', url, payload: body as object });
    await a.close();
    return { status: res.statusCode, detail: (res.json() as { error?: { detail?: string } }).error?.detail };
  };

  it('takes decimal ids, numbers as JSON writes them, and numeric-looking text as text', async () => {
    expect((await post('/things/16?near=1.2e2', { unitId: '7', note: '1e3' })).status).toBe(200);
  });

  it('refuses ids in other notations and past PostgreSQL integer', async () => {
    expect(await post('/things/0x10', { unitId: 1 })).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/decimal digits/),
    });
    expect((await post('/things/1e3', { unitId: 1 })).status).toBe(400);
    expect((await post('/things/2147483648', { unitId: 1 })).status).toBe(400);
    expect((await post('/things/1', { unitId: 2147483648 })).status).toBe(400);
  });

  it("refuses a string that Ajv would make a number JSON would not write, and Infinity's escape past maximum", async () => {
    expect(await post('/things/1', { unitId: 'Infinity' })).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/body\/unitId/),
    });
    expect((await post('/things/1', { unitId: '0x10' })).status).toBe(400);
    expect((await post('/things/1?near=Infinity', { unitId: 1 })).status).toBe(400);
  });

  it('refuses a NUL anywhere, even in a field the schema does not name', async () => {
    expect(await post('/things/1', { unitId: 1, other: 'a\u0000' })).toMatchObject({
      status: 400,
      detail: expect.stringMatching(/body\/other/),
    });
  });
});
