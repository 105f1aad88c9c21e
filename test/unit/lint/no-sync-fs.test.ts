/**
 * `lab/no-sync-fs` (scripts/eslint-no-sync-fs.mjs, issue 17): in src/main and src/node, any `*Sync` export
 * of node:fs (named, namespace, default import, require) is reported, as are the `*Sync` twins of
 * src/node's own helpers; node:fs/promises and the async helpers are left alone, as are files outside
 * src/main and src/node and the files eslint.config.js exempts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: new URL('../../../', import.meta.url).pathname });
const RULE = 'lab/no-sync-fs';

async function findings(filePath: string, text: string): Promise<Array<{ line: number; message: string }>> {
  const [result] = await eslint.lintText(text, { filePath });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => ({ line: m.line, message: m.message }));
}

const HOST = 'src/main/host/probe.ts';

test('readFileSync, fs.statSync and the other ways of reaching a *Sync fs call are reported', async () => {
  const named = await findings(HOST, `import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n`);
  assert.deepEqual(named, [{ line: 1, message: 'readFileSync from node:fs blocks the main process on disk; use node:fs/promises (DESIGN.md).' }]);

  const namespace = await findings(HOST, `import * as fs from 'node:fs';\nexport const size = (p: string) => fs.statSync(p).size;\n`);
  assert.deepEqual(namespace, [{ line: 2, message: 'statSync from node:fs blocks the main process on disk; use node:fs/promises (DESIGN.md).' }]);

  const cases: Array<[string, number[]]> = [
    [`import fs from 'fs';\nexport const here = (p: string) => fs.existsSync(p);\n`, [2]],
    [`import { readFileSync as read, existsSync } from 'node:fs';\nexport const f = (p: string) => existsSync(p) && read(p);\n`, [1, 1]],
    [`import * as fs from 'node:fs';\nconst { mkdirSync } = fs;\nexport const mk = (p: string) => mkdirSync(p);\n`, [2]],
    [`import * as fs from 'node:fs';\nexport const rm = (p: string) => fs['rmSync'](p);\n`, [2]],
    [`import { writeFileAtomicSync } from '../../node/atomic-write.ts';\nexport const w = () => writeFileAtomicSync('a', 'b');\n`, [1]],
  ];
  for (const [text, lines] of cases) assert.deepEqual((await findings(HOST, text)).map((f) => f.line), lines, text);
  // src/node is covered as well as src/main.
  assert.equal((await findings('src/node/probe.ts', `import { openSync } from 'node:fs';\nexport const o = (p: string) => openSync(p, 'r');\n`)).length, 1);
});

test('node:fs/promises, the async helpers and non-Sync fs exports are left alone', async () => {
  const ok = [
    `import { readFile, stat } from 'node:fs/promises';\nexport const read = async (p: string) => (await stat(p)).size + (await readFile(p, 'utf8')).length;\n`,
    `import * as fsp from 'node:fs/promises';\nexport const size = async (p: string) => (await fsp.stat(p)).size;\n`,
    `import { promises as fs, createReadStream, constants } from 'node:fs';\nexport const f = async (p: string) => { await fs.access(p, constants.R_OK); return createReadStream(p); };\n`,
    `import { writeFileAtomic } from '../../node/atomic-write.ts';\nexport const w = () => writeFileAtomic('a', 'b');\n`,
    `import { attemptSync } from '../../shared/result.ts';\nexport const a = attemptSync;\n`,
  ];
  for (const text of ok) assert.deepEqual(await findings(HOST, text), [], text);
});

test('only src/main and src/node are checked, less the exempted files', async () => {
  const text = `import { readFileSync } from 'node:fs';\nexport const read = (p: string) => readFileSync(p, 'utf8');\n`;
  for (const path of ['src/worker/probe.ts', 'test/unit/main/probe.test.ts', 'scripts/probe.ts', 'src/main/cli/commands/probe.ts']) {
    assert.deepEqual(await findings(path, text), [], path);
  }
});
