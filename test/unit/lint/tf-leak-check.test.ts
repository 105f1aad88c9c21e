/**
 * `lab/tf-leak-check` (scripts/eslint-tf-leak-check.mjs, issue 15 item 10): a test file that runs TF.js
 * must call noLeak from test/helpers/engine.ts, reported at the import that runs TF.js; files that only
 * mention TF.js, import its types, or are not test files are left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../../../', import.meta.url).pathname });
const RULE = 'lab/tf-leak-check';

async function problems(filePath: string, text: string): Promise<Array<{ line: number; ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages.map((m) => ({ line: m.line, ruleId: m.ruleId, message: m.message }));
}

const leakFindings = async (filePath: string, text: string) => (await problems(filePath, text)).filter((p) => p.ruleId === RULE);

const UNIT = 'test/unit/worker/probe.test.ts';
const body = (imports: string, code: string) => `import { test } from 'node:test';\n${imports}\n\ntest('probe', async () => {\n${code}\n});\n`;

test('a test that runs TF.js without noLeak is reported at the import that runs it', async () => {
  const cases: Array<[string, string, string]> = [
    [`import { tf } from '../../../src/worker/engine/tf.ts';`, 'tf.tensor([1]).dispose();', 'imports ../../../src/worker/engine/tf.ts'],
    [`import * as tfc from '@tensorflow/tfjs-core';`, 'tfc.tensor([1]).dispose();', 'imports @tensorflow/tfjs-core'],
    [`import { saveLayersModelToDisk } from '../../../src/worker/engine/model-io.ts';`, 'void saveLayersModelToDisk;', 'imports ../../../src/worker/engine/model-io.ts'],
    [`import { useBackend } from '../../helpers/engine.ts';`, "await useBackend('cpu');", 'imports useBackend'],
    // noLeak imported but never called does not count.
    [`import { noLeak, useBackend } from '../../helpers/engine.ts';`, "await useBackend('cpu');\nvoid noLeak;", 'imports useBackend'],
  ];
  for (const [imports, code, what] of cases) {
    const found = await leakFindings(UNIT, body(imports, code));
    assert.equal(found.length, 1, imports);
    assert.equal(found[0].line, 2, imports);
    assert.match(found[0].message, new RegExp(`runs TF\\.js \\(${what.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\) but never calls noLeak\\(\\)`), imports);
  }
  // A dynamic import runs TF.js too.
  const dynamic = await leakFindings(UNIT, body('', "const { tf } = await import('../../../src/worker/engine/tf.ts');\ntf.tensor([1]).dispose();"));
  assert.deepEqual(dynamic.map((p) => p.line), [5]);
});

test('calling noLeak satisfies the rule, however it is imported', async () => {
  const ok: Array<[string, string]> = [
    [`import { tf } from '../../../src/worker/engine/tf.ts';\nimport { noLeak, useBackend } from '../../helpers/engine.ts';`, "await useBackend('cpu');\nawait noLeak(() => tf.tensor([1]).dispose());"],
    [`import { tf } from '../../../src/worker/engine/tf.ts';\nimport { noLeak as leakCheck } from '../../helpers/engine.ts';`, 'await leakCheck(() => tf.tensor([1]).dispose());'],
    [`import { tf } from '../../../src/worker/engine/tf.ts';\nimport * as engine from '../../helpers/engine.ts';`, 'await engine.noLeak(() => tf.tensor([1]).dispose());'],
  ];
  for (const [imports, code] of ok) assert.deepEqual(await leakFindings(UNIT, body(imports, code)), [], imports);
});

test('a noLeak of some other module does not count', async () => {
  const found = await leakFindings(UNIT, body(`import { tf } from '../../../src/worker/engine/tf.ts';\nimport { noLeak } from './my-helpers.ts';`, 'noLeak(() => tf.tensor([1]).dispose());'));
  assert.equal(found.length, 1);
});

test('files that do not run TF.js, and files that are not tests, are left alone', async () => {
  // Type-only imports, strings that name TF.js, pure code.
  assert.deepEqual(await leakFindings(UNIT, body(`import type { LayersModel } from '../../../src/worker/engine/tf.ts';`, 'const m: LayersModel | null = null;\nvoid m;')), []);
  assert.deepEqual(await leakFindings(UNIT, body(`import { type LayersModel } from '../../../src/worker/engine/tf.ts';`, 'const m: LayersModel | null = null;\nvoid m;')), []);
  assert.deepEqual(await leakFindings(UNIT, body('', "const sources = ['@tensorflow/tfjs-core', '../../worker/engine/tf.ts'];\nvoid sources;")), []);
  assert.deepEqual(await leakFindings(UNIT, body(`import { seededArray } from '../../helpers/engine.ts';`, 'void seededArray(3, 1);')), []);
  // Helpers and sources are not test files (the rule is configured for test/**/*.test.ts).
  const tfFile = `import { tf } from '../../src/worker/engine/tf.ts';\nexport const one = () => tf.scalar(1);\n`;
  assert.deepEqual(await leakFindings('test/helpers/probe.ts', tfFile), []);
  assert.deepEqual(await leakFindings('src/worker/engine/probe.ts', tfFile), []);
  // Every kind of test file is covered: unit, integration and e2e.
  for (const path of ['test/integration/probe.test.ts', 'test/e2e/probe.e2e.test.ts']) {
    assert.equal((await leakFindings(path, body(`import { useBackend } from '../helpers/engine.ts';`, "await useBackend('cpu');"))).length, 1, path);
  }
});
