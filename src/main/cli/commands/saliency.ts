/**
 * `saliency-lab saliency --model PATH/model.json --input FILE --method ID [--class N] [--q 98]
 *  [--percentile nearest|linear] [--padding-trick on|off] [--times-input on|off] [--backend ...] --out FILE`
 * A contract other tools script against: flags, formats and exit codes are stable.
 */
import { existsSync } from 'node:fs';
import { DEFAULT_SALIENCY_OPTIONS, type SaliencyOptions, isMethodId, SALIENCY_METHOD_IDS } from '../../../shared/saliency.ts';
import { isBackendChoice } from '../../../shared/engine.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { WorkerPool } from '../../host/worker-pool.ts';
import { checkOutputPath, writeArray } from '../array-output.ts';
import { progressLine } from '../progress.ts';
import { type Flags, flagNumber, flagOnOff, requireFlag } from '../flags.ts';

export const SALIENCY_FLAGS = {
  model: { type: 'string' },
  input: { type: 'string' },
  method: { type: 'string' },
  class: { type: 'string' },
  q: { type: 'string' },
  percentile: { type: 'string' },
  'padding-trick': { type: 'string' },
  'times-input': { type: 'string' },
  steps: { type: 'string' },
  samples: { type: 'string' },
  inner: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function saliencyCommand(flags: Flags): Promise<void> {
  const modelPath = requireFlag(flags, 'model');
  const inputPath = requireFlag(flags, 'input');
  const method = requireFlag(flags, 'method');
  const out = requireFlag(flags, 'out');
  if (!isMethodId(method)) throw new LabError('bad-input', `--method: unknown method "${method}" (one of ${SALIENCY_METHOD_IDS.join(', ')})`);
  if (!existsSync(modelPath)) throw new LabError('bad-input', `${modelPath}: file not found`);
  if (!existsSync(inputPath)) throw new LabError('bad-input', `${inputPath}: file not found`);
  checkOutputPath(out);
  const backend = (flags.backend as string | undefined) ?? 'auto';
  if (!isBackendChoice(backend)) throw new LabError('bad-input', `--backend: expected auto, tensorflow, wasm or cpu, got "${backend}"`);
  const percentile = (flags.percentile as string | undefined) ?? DEFAULT_SALIENCY_OPTIONS.percentile;
  if (percentile !== 'nearest' && percentile !== 'linear') throw new LabError('bad-input', `--percentile: expected nearest or linear, got "${percentile}"`);
  const inner = (flags.inner as string | undefined) ?? DEFAULT_SALIENCY_OPTIONS.inner;
  if (!isMethodId(inner) || inner === 'smoothgrad') throw new LabError('bad-input', `--inner: not a method SmoothGrad can wrap: "${inner}"`);
  const options: SaliencyOptions = {
    ...DEFAULT_SALIENCY_OPTIONS,
    q: flagNumber(flags, 'q') ?? DEFAULT_SALIENCY_OPTIONS.q,
    percentile,
    paddingTrick: flagOnOff(flags, 'padding-trick') ?? DEFAULT_SALIENCY_OPTIONS.paddingTrick,
    steps: flagNumber(flags, 'steps') ?? DEFAULT_SALIENCY_OPTIONS.steps,
    samples: flagNumber(flags, 'samples') ?? DEFAULT_SALIENCY_OPTIONS.samples,
    inner,
    timesInput: flagOnOff(flags, 'times-input'),
  };
  const target = flagNumber(flags, 'class');
  if (target !== undefined && !(Number.isInteger(target) && target >= 0)) throw new LabError('bad-input', `--class: expected a non-negative integer, got ${target}`);

  const pool = new WorkerPool(1, backend);
  const progress = progressLine();
  try {
    const result = unwrap(
      await pool.call(
        'saliencyFromFiles',
        { modelPath, inputPath, method, options, target },
        { onEvent: (e) => progress.update(e.done, e.total, e.stage) },
      ),
    );
    progress.end();
    writeArray(out, result.map, result.shape);
    const summary = { out, method, shape: result.shape, targets: result.targets, timesInput: result.timesInput, backend: result.backend.name, backendReasons: result.backend.reasons };
    if (flags.json === true) process.stdout.write(JSON.stringify(summary) + '\n');
    else process.stderr.write(`${method} → ${out} [${result.shape.join('×')}], class ${[...new Set(result.targets)].join(',')}, backend ${result.backend.name} (${result.backend.reasons.at(-1)})\n`);
  } finally {
    progress.end();
    await pool.close();
  }
}
