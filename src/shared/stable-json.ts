/**
 * JSON with every object's keys sorted: two configs compare equal whatever order their fields were
 * written in (an analysis' kept steps against the config it runs now, a child run against its recipe).
 * @example stableJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function stableJson(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, sort(y)])) : x;
  return JSON.stringify(sort(v));
}
