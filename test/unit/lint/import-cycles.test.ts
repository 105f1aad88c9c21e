/**
 * No import cycles anywhere in src (DESIGN.md; issue 17), type-only imports included: a cycle is how a
 * kind's definition ended up depending on the host that registers it. Relative imports of .ts and .vue
 * files (and re-exports) are the edges; a cycle is printed as its path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve(import.meta.dirname, '../../../src');

function sources(): string[] {
  return (readdirSync(SRC, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => /\.(ts|vue)$/.test(f)).map((f) => join(SRC, f));
}

export function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => resolve(dirname(f), m[1]));
    graph.set(f, deps.filter((d) => known.has(d)));
  }
  return graph;
}

export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (u: string) => {
    state.set(u, 'open');
    stack.push(u);
    for (const v of graph.get(u) ?? []) {
      if (state.get(v) === 'open') cycles.push([...stack.slice(stack.indexOf(v)), v]);
      else if (state.get(v) === undefined) visit(v);
    }
    stack.pop();
    state.set(u, 'done');
  };
  for (const f of graph.keys()) if (state.get(f) === undefined) visit(f);
  return cycles;
}

test('the finder sees a cycle through a type-only import', () => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['a']],
  ]);
  assert.deepEqual(findCycles(g), [['a', 'b', 'c', 'a']]);
});

test('src has no import cycles, type-only imports included', () => {
  const cycles = findCycles(importGraph(sources()));
  assert.deepEqual(cycles.map((c) => c.map((f) => relative(SRC, f)).join(' → ')), []);
});
