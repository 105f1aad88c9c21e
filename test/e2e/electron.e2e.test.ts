/**
 * The desktop app through Playwright's _electron: window, security settings, the same first steps as
 * the browser e2e. Runs where an Electron binary exists (`npx install-electron` with internet); where it
 * does not, the test is skipped with one plain line saying so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(root, 'test-output', 'e2e');

/** The Electron executable, found without require('electron') (which would try to download it). */
function electronBinary(): { path: string } | { missing: string } {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `no Electron binary in ${pkgDir} (its download needs internet: npx install-electron)` };
  const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? { path: exe } : { missing: `${exe} does not exist` };
}

const binary = electronBinary();
const built = existsSync(join(root, 'out', 'main', 'index.js')) && existsSync(join(root, 'out', 'preload', 'index.cjs'));
const skip = 'missing' in binary ? `Electron e2e skipped: ${binary.missing}` : !built ? 'Electron e2e skipped: the app is not built (npm run build)' : false;
if (skip) console.log(skip);

test('Electron app: secure window, dataset, gallery, training', { skip, timeout: 300_000 }, async () => {
  const { _electron } = await import('playwright-core');
  mkdirSync(SHOTS, { recursive: true });
  const app = await _electron.launch({
    executablePath: (binary as { path: string }).path,
    args: [join(root, 'out', 'main', 'index.js')],
    env: { ...process.env, SBL_WORKSPACE: mkdtempSync(join(tmpdir(), 'sbl-electron-')) },
  });
  try {
    const url = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].webContents.getURL());
    assert.match(url, /^lab:\/\/app\//, 'the app is served over lab://, not file://');
    const page = await app.firstWindow();
    const isolation = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { lab?: object }).lab ?? {}).length,
    }));
    assert.deepEqual(isolation, { require: 'undefined', process: 'undefined', bridge: 18 }, 'no Node in the renderer; only the bridge');
    await page.selectOption('[data-testid=size]', '32');
    await page.fill('[data-testid=count]', '120');
    await page.click('[data-testid=create-dataset]');
    await page.waitForSelector('[data-testid=thumb]', { timeout: 60_000 });
    await page.click('[data-testid=tab-training]');
    await page.fill('[data-testid=epochs]', '2');
    await page.click('[data-testid=start-training]');
    await page.waitForSelector('[data-testid=train-status]:has-text("done")', { timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, 'electron-training.png') });
  } finally {
    await app.close();
  }
});
