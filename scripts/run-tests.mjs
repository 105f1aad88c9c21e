#!/usr/bin/env node
// `npm test`: type-check, lint, then every *.test.ts under test/ with node's test runner, whose closing
// lines CI recognises. Files are listed explicitly: Node 20 neither expands globs nor picks up .ts.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
  return r.status ?? 1;
}

const only = process.argv.slice(2);
if (only.length === 0) {
  for (const [cmd, args] of [
    ['npx', ['tsc', '-p', 'tsconfig.shared.json']],
    ['npx', ['tsc', '-p', 'tsconfig.node.json']],
    ['npx', ['tsc', '-p', 'tsconfig.dom-tests.json']],
    ['npx', ['vue-tsc', '-p', 'tsconfig.web.json']],
    ['npx', ['eslint', '.']],
    // The browser e2e test serves the built renderer.
    ['npx', ['vite', 'build', '--logLevel', 'warn', '-c', 'vite.renderer.config.ts']],
  ]) {
    if (run(cmd, args) !== 0) {
      console.log(`0 passed, 1 failed (${cmd} ${args.join(' ')})`);
      process.exit(1);
    }
  }
}
const files = only.length > 0 ? only : findTests('test').sort();
// The shared trained fixture (test/helpers/trained-fixture.ts), built once here, before the files that
// use it, so its time is printed on its own line rather than hidden in the first file that needs it.
// A failed build is reported by those files, each naming the failure.
if (files.some((f) => readFileSync(f, 'utf8').includes('trained-fixture.ts'))) {
  run(process.execPath, ['--import', 'tsx', 'test/helpers/trained-fixture.ts']);
}
process.exit(run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]));
