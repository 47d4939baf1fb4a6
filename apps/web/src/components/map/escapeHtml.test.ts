import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escapeHtml';

describe('escapeHtml', () => {
  it('turns a name carrying markup into text a map tooltip shows as typed', () => {
    expect(escapeHtml('泵站<img src=x onerror="alert(1)">')).toBe(
      '泵站&lt;img src=x onerror=&quot;alert(1)&quot;&gt;',
    );
    expect(escapeHtml("A & B's")).toBe('A &amp; B&#39;s');
  });
});
