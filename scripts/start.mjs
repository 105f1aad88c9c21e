#!/usr/bin/env node
// `npm start`: builds and opens the desktop app. Without the Electron binary (npm fetches it lazily, which
// needs internet) it prints one line saying so, how to get it, and that `npm run serve` is the same app
// in a browser, instead of the electron package's download attempt and stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Electron executable, found without require('electron') (which would try to download it). */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return { path: join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron') };
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary was never downloaded (npm fetches it on first use, which needs internet)' };
  const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `the Electron binary ${exe} is missing` };
}

const electron = electronBinary();
if ('missing' in electron) {
  console.error(`npm start: ${electron.missing}; get it with \`npx install-electron\` on a machine with internet, or run \`npm run serve\` for the same app in your browser.`);
  process.exit(1);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(app.status ?? 1);
