import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
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
