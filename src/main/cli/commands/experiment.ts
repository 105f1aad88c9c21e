/**
 * `saliency-lab experiment blackbox [--source generated|imagenette|PATH] [--size 64] [--count 4000]
 *  [--epochs 10] [--seed 1] [--methods rectgrad,nobias-rectgrad,...] [--quick] [--workspace DIR] [--json]`
 * The paper's Fig. 1 end to end: dataset → training → maps → metrics → report.
 */
import { type MethodId, SALIENCY_METHOD_IDS } from '../../../shared/saliency.ts';
import { MapsRequestSchema } from '../../../shared/schemas/lab-api.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { type Flags, flagNumeric, flagOnOff, given, parseFlags } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { progressLine } from '../progress.ts';
import { DATASET_FLAGS, buildDatasetWithProgress, datasetConfigFromFlags } from './dataset.ts';
import { TRAIN_FLAGS, trainConfigFromFlags, trainWithProgress } from './train.ts';

export const EXPERIMENT_FLAGS = {
  ...DATASET_FLAGS,
  ...TRAIN_FLAGS,
  methods: { type: 'string' },
  quick: { type: 'boolean' },
  q: { type: 'string' },
  'padding-trick': { type: 'string' },
  limit: { type: 'string' },
} as const;

/** --quick: a few hundred small images and a few epochs, for trying it out and for tests. */
const QUICK = { size: 32, count: 600, epochs: 8, limit: 40, methods: ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop'] as MethodId[] };
const FULL_METHODS: MethodId[] = [...SALIENCY_METHOD_IDS];

export async function experimentCommand(flags: Flags, positionals: string[]): Promise<void> {
  if (positionals[0] !== 'blackbox') throw new LabError('bad-input', `experiment: expected "blackbox", got "${positionals[0] ?? ''}"`);
  const quick = flags.quick === true;
  // Every flag is checked before anything is built: a typo must not cost a dataset and a training.
  const datasetConfig = datasetConfigFromFlags(flags, quick ? { size: QUICK.size, count: QUICK.count } : {});
  const trainConfig = trainConfigFromFlags(flags, quick ? { epochs: QUICK.epochs } : {});
  const mapsRequest = parseFlags(
    MapsRequestSchema,
    {
      methods: typeof flags.methods === 'string' ? flags.methods.split(',').map((m) => m.trim()) : quick ? QUICK.methods : FULL_METHODS,
      options: given({ q: flagNumeric(flags, 'q'), paddingTrick: flagOnOff(flags, 'padding-trick') }),
      ...given({ limit: flagNumeric(flags, 'limit') ?? (quick ? QUICK.limit : undefined) }),
    },
    { methods: 'methods', 'options.q': 'q', 'options.paddingTrick': 'padding-trick', limit: 'limit' },
  );
  const host = hostFromFlags(flags);
  const { signal, dispose } = interruptSignal();
  const log = (s: string) => flags.json !== true && process.stderr.write(s + '\n');
  try {
    const dataset = await buildDatasetWithProgress(host, datasetConfig, signal);
    log(`dataset ${dataset.id}: ${dataset.count} images ${dataset.size}px (${dataset.counts.skipped} skipped)`);
    const run = await trainWithProgress(host, { datasetId: dataset.id, kind: 'experiment', name: `black box (${dataset.name})`, config: trainConfig }, signal);
    log(`trained: test accuracy ${(100 * (run.testAccuracy ?? NaN)).toFixed(2)}% (${run.backend?.name})`);
    const progress = progressLine();
    const maps = unwrap(
      await host.computeMaps(run.id, mapsRequest, { signal, onProgress: (e) => progress.update(e.done, e.total, e.stage) }),
    );
    progress.end();
    const reportPath = unwrap(await host.writeReport(run.id));
    const metrics = Object.fromEntries(
      maps.methods.map((m) => [
        m.method,
        {
          boxMassShare: m.summary.boxMassShare.median,
          enrichment: m.summary.enrichment.median,
          zeroFractionInBox: m.summary.zeroFractionInBox.median,
          pointingGame: m.summary.pointingGame,
          auroc: m.summary.auroc.median,
          // How many images each median is over (an all-zero map has no box share): none dropped silently.
          images: m.summary.images,
          n: { boxMassShare: m.summary.boxMassShare.n, enrichment: m.summary.enrichment.n, zeroFractionInBox: m.summary.zeroFractionInBox.n, auroc: m.summary.auroc.n },
        },
      ]),
    );
    const summary = { runId: run.id, runDir: host.workspace.runDir(run.id), testAccuracy: run.testAccuracy, backend: run.backend?.name, report: reportPath, metrics };
    if (flags.json === true) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      for (const [m, v] of Object.entries(metrics)) log(`${m.padEnd(22)} images ${v.images}  box share ${v.boxMassShare.toFixed(3)}${v.n.boxMassShare === v.images ? '' : ` (n = ${v.n.boxMassShare})`}  enrichment ${v.enrichment.toFixed(2)}  zeros in box ${v.zeroFractionInBox.toFixed(3)}  pointing ${v.pointingGame.toFixed(2)}  AUROC ${v.auroc.toFixed(3)}`);
      log(`report: ${reportPath}`);
    }
  } finally {
    dispose();
    await host.close();
  }
}
