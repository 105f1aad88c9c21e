/**
 * `saliency-lab saliency --model PATH/model.json --input FILE --method ID [--class N] [--q 98]
 *  [--percentile nearest|linear] [--padding-trick on|off] [--times-input on|off] [--keras1-graph pool1-pad|no-pool1-pad]
 *  [--steps N] [--baseline 0|black|mean|blur|R,G,B] [--samples N] [--inner ID]
 *  [--backend ...] --out FILE`
 * A contract other tools script against: flags, formats and exit codes are stable.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { MethodIdSchema, SaliencyOptionsSchema } from '../../../shared/schemas/saliency.ts';
import type { Completeness } from '../../../shared/saliency.ts';
import { KerasGraphSchema } from '../../../shared/schemas/models.ts';
import { kerasGraphLine } from '../../../shared/models.ts';
import { intIn } from '../../../shared/schemas/common.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { WorkerPool } from '../../host/worker-pool.ts';
import { checkOutputPath, writeArray } from '../array-output.ts';
import { progressLine } from '../progress.ts';
import { type Flags, flagNumeric, flagOnOff, given, parseFlags, requireFlag } from '../flags.ts';
import { backendFromFlags } from '../host-from-flags.ts';

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
  baseline: { type: 'string' },
  samples: { type: 'string' },
  inner: { type: 'string' },
  'keras1-graph': { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** What the flags choose: the method and its options are the contract's; the class is a logit index. */
const SaliencyRequestSchema = z.strictObject({ method: MethodIdSchema, target: intIn(0, 2 ** 31 - 1).optional(), options: SaliencyOptionsSchema, kerasGraph: KerasGraphSchema.optional() });
const FLAG_OF = {
  method: 'method',
  target: 'class',
  'options.q': 'q',
  'options.percentile': 'percentile',
  'options.paddingTrick': 'padding-trick',
  'options.timesInput': 'times-input',
  'options.steps': 'steps',
  'options.baseline': 'baseline',
  'options.samples': 'samples',
  'options.inner': 'inner',
  kerasGraph: 'keras1-graph',
};

/** `--baseline 0 | 0.5 | black | mean | blur | 0.485,0.456,0.406` (a colour, one value per channel); the schema checks it. */
function flagBaseline(flags: Flags): unknown {
  const v = flags.baseline;
  if (typeof v !== 'string' || !v.includes(',')) return flagNumeric(flags, 'baseline');
  return v.split(',').map((part) => (part.trim() !== '' && Number.isFinite(Number(part)) ? Number(part) : part));
}

/** One line for a person: how far the Riemann sum is from the path integral (Σ attribution vs f(x) − f(x₀)). */
export function completenessLine(c: readonly Completeness[]): string {
  const worst = c.reduce((m, v) => (Math.abs(v.gap) > Math.abs(m.gap) ? v : m), c[0]);
  const rel = worst.scoreDifference !== 0 ? ` (${((100 * Math.abs(worst.gap)) / Math.abs(worst.scoreDifference)).toFixed(2)} % of |f(x) − f(x₀)|)` : '';
  return `completeness gap Σ attribution − (f(x) − f(x₀)): largest |gap| ${worst.gap.toPrecision(3)}${rel} over ${c.length} map${c.length === 1 ? '' : 's'}`;
}

export async function saliencyCommand(flags: Flags): Promise<void> {
  const modelPath = requireFlag(flags, 'model');
  const inputPath = requireFlag(flags, 'input');
  const out = requireFlag(flags, 'out');
  const { method, target, options, kerasGraph } = parseFlags(
    SaliencyRequestSchema,
    {
      method: requireFlag(flags, 'method'),
      ...given({ target: flagNumeric(flags, 'class'), kerasGraph: flags['keras1-graph'] }),
      options: given({
        q: flagNumeric(flags, 'q'),
        percentile: flags.percentile,
        paddingTrick: flagOnOff(flags, 'padding-trick'),
        steps: flagNumeric(flags, 'steps'),
        baseline: flagBaseline(flags),
        samples: flagNumeric(flags, 'samples'),
        inner: flags.inner,
        timesInput: flagOnOff(flags, 'times-input'),
      }),
    },
    FLAG_OF,
  );
  if (!existsSync(modelPath)) throw new LabError('bad-input', `${modelPath}: file not found`);
  if (!existsSync(inputPath)) throw new LabError('bad-input', `${inputPath}: file not found`);
  checkOutputPath(out);
  const backend = backendFromFlags(flags);

  const pool = new WorkerPool(1, backend);
  const progress = progressLine();
  try {
    const result = unwrap(
      await pool.call(
        'saliencyFromFiles',
        { modelPath, inputPath, method, options, target, ...(kerasGraph === undefined ? {} : { kerasGraph }) },
        { onEvent: (e) => progress.update(e.done, e.total, e.stage) },
      ),
    );
    progress.end();
    writeArray(out, result.map, result.shape);
    const notHonoured = result.notHonoured ?? [];
    const summary = { out, method, shape: result.shape, targets: result.targets, timesInput: result.timesInput, backend: result.backend.name, backendReasons: result.backend.reasons, model: result.model?.architecture, kerasGraph: result.model?.kerasGraph, pooledSide: result.model?.pooledSide, notHonoured, ...(result.completeness === undefined ? {} : { completeness: result.completeness }) };
    // Notes reach stderr under --json too: a map that is not exactly its method's must never pass unseen.
    for (const line of notHonoured) process.stderr.write(`note: ${line}\n`);
    if (flags.json === true) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      // Which graph a Keras ResNet ran on changes every map (issue 15, item 3): say it with them.
      if (result.model?.kerasGraph !== undefined) process.stderr.write(`model: ${result.model.architecture}; ${kerasGraphLine(result.model.kerasGraph, result.model.pooledSide)}\n`);
      if (result.completeness !== undefined && result.completeness.length > 0) process.stderr.write(`${completenessLine(result.completeness)}\n`);
    }
    if (flags.json !== true) process.stderr.write(`${method} → ${out} [${result.shape.join('×')}], class ${[...new Set(result.targets)].join(',')}, backend ${result.backend.name} (${result.backend.reasons.at(-1)})\n`);
  } finally {
    progress.end();
    await pool.close();
  }
}
