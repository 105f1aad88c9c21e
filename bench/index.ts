/** `npm run bench -- <suite> [flags]`: machine-readable benchmark figures, one JSON object per line. */
import { parseArgs } from 'node:util';
import { LabError } from '../src/shared/result.ts';
import { type BackendChoice, isBackendChoice } from '../src/shared/engine.ts';
import { benchEngine } from './engine.ts';
import { benchProfile } from './profile.ts';
import { benchHost } from './host.ts';
import { benchMaps } from './maps.ts';
import { benchAnalyses } from './analyses.ts';
import { benchCeiling } from './ceiling.ts';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: { backend: { type: 'string', default: 'auto' }, quick: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const suite = positionals[0] ?? 'engine';
const backend = values.backend ?? 'auto';
if (!isBackendChoice(backend)) {
  console.error(`error: --backend: expected auto, tensorflow, wasm or cpu, got "${backend}"`);
  process.exit(2);
}
const suites: Record<string, (a: { backend: BackendChoice; quick: boolean }) => Promise<void>> = { engine: benchEngine, profile: benchProfile, host: benchHost, maps: benchMaps, analyses: benchAnalyses, ceiling: benchCeiling };
const run = suites[suite];
if (run !== undefined) {
  try {
    await run({ backend, quick: values.quick === true });
  } catch (e) {
    // A backend this machine cannot start is a finding, told as a line like the others (issue 20).
    if (!(e instanceof LabError && e.kind === 'engine')) throw e;
    console.log(JSON.stringify({ bench: suite, backend, available: false, reason: e.message }));
    process.exit(3);
  }
} else {
  console.error(`error: unknown bench suite "${suite}" (available: ${Object.keys(suites).join(', ')})`);
  process.exit(2);
}
