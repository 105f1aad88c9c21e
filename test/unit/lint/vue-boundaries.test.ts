/**
 * Lint covers .vue files with the same boundary rules (issue 7): a forbidden import in a component's
 * <script setup> is reported at its own line, and the real components are linted, not ignored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../../../', import.meta.url).pathname });

const component = (imports: string) => `<template>\n  <div>{{ n }}</div>\n</template>\n\n<script setup lang="ts">\n${imports}\nconst n = 1;\n</script>\n`;

async function problems(filePath: string, text: string): Promise<Array<{ line: number; ruleId: string | null }>> {
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages.map((m) => ({ line: m.line, ruleId: m.ruleId }));
}

test('a renderer component may not import Node, Electron, TF.js, main or worker code', async () => {
  for (const source of ['node:fs', 'electron', '@tensorflow/tfjs-core', '../../main/host/lab-host.ts', '../../worker/engine/tf.ts']) {
    const found = await problems('src/renderer/components/Probe.vue', component(`import x from '${source}';\nvoid x;`));
    assert.deepEqual(found, [{ line: 6, ruleId: 'no-restricted-imports' }], source);
  }
});

test('a renderer component may import vue, pinia and src/shared', async () => {
  const found = await problems('src/renderer/components/Probe.vue', component(`import { ref } from 'vue';\nimport { defineStore } from 'pinia';\nimport { ok } from '../../shared/result.ts';\nvoid [ref, defineStore, ok];`));
  assert.deepEqual(found, []);
});

test('TypeScript rules apply inside .vue scripts too', async () => {
  const found = await problems('src/renderer/components/Probe.vue', component('const bad: any = 1;\nvoid bad;'));
  assert.deepEqual(found, [{ line: 6, ruleId: '@typescript-eslint/no-explicit-any' }]);
});

test('the real components are linted, not ignored', async () => {
  const results = await eslint.lintFiles(['src/renderer/**/*.vue']);
  assert.ok(results.length > 0, 'some .vue files were linted');
  // An ignored file comes back with a single "File ignored" warning; `npm test` runs `eslint .` for the rest.
  assert.deepEqual(results.filter((r) => r.messages.some((m) => /ignored/i.test(m.message))).map((r) => r.filePath), []);
});
