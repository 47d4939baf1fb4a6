/**
 * A list of the code's own identifiers (a domain's states) as an SQL literal: `('a', 'b')`. For
 * statements written once as text, where a parameter cannot go; never for what a request says.
 */
export function identifierList(values: readonly string[]): string {
  for (const v of values) if (!/^[a-z_][a-z0-9_]*$/.test(v)) throw new Error(`not an identifier: ${v}`);
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
}
