/**
 * Saliency Cards (src/shared/saliency-card.ts) for the methods of a black-box run, filled in from what the
 * lab measured on it: the maps' sidecars (options, seconds, per-image metrics), the suppressed-point
 * sweep, and the analyses (randomisation, faithfulness, q sweep, seeds, control arm). An entry without a
 * measurement names the command that makes one. Read by `saliency-lab card`, the report and the app.
 */
import { type CardEntry, type CardSection, type SaliencyCard } from '../../../../shared/saliency-card.ts';
import type { Remedy } from '../../../../shared/remedy.ts';
import { multipliesByInput } from '../../../../shared/saliency.ts';
import { type MethodId, isMethodId } from '../../../../shared/saliency.ts';
import { PREPROCESSING_PRESETS, zeroPoint } from '../../../../shared/preprocessing.ts';
import { type RunManifest, TRAIN_PREPROCESSING_PRESET, runPreprocessing } from '../../../../shared/run.ts';
import type { RandomisationRow } from '../../../../shared/experiments/randomisation.ts';
import type { FaithfulnessRow } from '../../../../shared/experiments/faithfulness.ts';
import type { QSweepRow } from '../../../../shared/experiments/q-sweep.ts';
import type { SeedsComparisonRow, SeedsMethodRow } from '../../../../shared/experiments/seeds.ts';
import type { ControlArmRow } from '../../../../shared/experiments/control-arm.ts';
import type { Spread } from '../../../../shared/spread.ts';
import { type MapsSidecar, readMapsSidecars } from '../../maps-files.ts';
import { readSweepFile } from '../sweep/sweep-file.ts';
import { readAnalysisFile } from '../analysis-definition.ts';
import type { Workspace } from '../../workspace.ts';

/** The cards' style in a report page: two per row on screen, whole on a printed page. */
export const CARD_CSS = `.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:12px}.saliency-card{border:1px solid #ddd;border-radius:4px;padding:6px 10px;break-inside:avoid}.saliency-card h3{margin:4px 0}.saliency-card h4{margin:8px 0 2px;font-size:12px;color:#555;text-transform:uppercase;letter-spacing:.04em}table.card{font-size:12px;width:100%}table.card th{width:40%}table.card .src{color:#888;font-size:11px}table.card .unmeasured{color:#999;font-style:italic}@media print{.cards{grid-template-columns:1fr}}`;

const f = (v: number | null | undefined, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '–');
const spread = (s: Spread | undefined, images: number) => (s === undefined ? null : `${f(s.median)} [IQR ${f(s.q1)}–${f(s.q3)}], n = ${s.n}${s.n === images ? '' : ` of ${images}`}`);

/** The options a method reads (the rest of SaliencyOptions does not change its map). */
function hyperParameters(method: MethodId, s: MapsSidecar): string {
  const o = s.options;
  const parts: string[] = [];
  if (method === 'rectgrad' || method === 'nobias-rectgrad') parts.push(`q = ${o.q} (${o.percentile} percentile)`, `padding trick ${o.paddingTrick ? 'on' : 'off'}`);
  if (method === 'integrated-gradients') parts.push(`${o.steps} steps`, `baseline ${JSON.stringify(o.baseline)}`);
  if (method === 'smoothgrad') parts.push(`${o.samples} samples of ${o.inner}`, `noise ${o.noiseLevel} × (max − min)`, `seed ${o.seed}`);
  if (o.timesInput !== undefined) parts.push(`× input forced ${o.timesInput ? 'on' : 'off'}`);
  return parts.length > 0 ? parts.join(', ') : 'none (one backward pass)';
}

const analyse = (kind: string, runId: string, extra = ''): Remedy => ({ command: `saliency-lab analyse ${kind} --run ${runId}${extra}`, inApp: `run "${kind}" on this run's Analyses view` });

export async function saliencyCards(workspace: Workspace, run: RunManifest): Promise<SaliencyCard[]> {
  const runDir = workspace.runDir(run.id);
  const sidecars = await readMapsSidecars(runDir, Object.keys(run.metrics ?? {}));
  const sweep = await readSweepFile(runDir);
  const randomisation = await readAnalysisFile<RandomisationRow, unknown>(runDir, 'randomisation');
  const faithfulness = await readAnalysisFile<FaithfulnessRow, unknown>(runDir, 'faithfulness');
  const qSweep = await readAnalysisFile<QSweepRow, unknown>(runDir, 'q-sweep');
  const seeds = await readAnalysisFile<SeedsMethodRow | SeedsComparisonRow, unknown>(runDir, 'seeds');
  const controlArm = await readAnalysisFile<ControlArmRow, unknown>(runDir, 'control-arm');
  const preset = TRAIN_PREPROCESSING_PRESET[runPreprocessing(run.config as { model: string; preprocessing?: 'unit' | 'centred' })];
  const zp = zeroPoint(PREPROCESSING_PRESETS[preset]);
  const createdAt = new Date().toISOString();

  return sidecars.filter((s) => isMethodId(s.method)).map((s) => {
    const method = s.method as MethodId;
    const images = s.indices.length;
    const m = s.summary;
    const times = multipliesByInput(method, s.options);
    const sections: CardSection[] = [];

    sections.push({
      title: 'Method',
      entries: [
        { label: 'hyper-parameters', value: hyperParameters(method, s), source: 'saliency/' + method + '.json' },
        { label: 'explained output', value: `the "${s.targetName}" logit (pre-softmax), ${images} test images with a box`, source: 'saliency/' + method + '.json' },
        { label: 'model input', value: `${PREPROCESSING_PRESETS[preset].label}; zero point (raw value mapped to 0) ${zp.map((v) => f(v, 2)).join(', ')}`, source: 'manifest.json' },
      ],
    });

    sections.push({
      title: 'Computational cost',
      entries: [
        {
          label: 'seconds per map',
          value: s.seconds === undefined ? null : `${f(s.seconds / Math.max(1, images), 4)} s (${images} maps in ${f(s.seconds, 2)} s, ${s.backend?.name ?? 'unknown engine'}${s.backend?.threads ? `, ${s.backend.threads} threads` : ''})`,
          source: 'saliency/' + method + '.json',
          measureWith: { command: 'these maps predate timings: saliency-lab experiment blackbox computes them again', inApp: 'these maps predate timings: compute them again in this view' },
        },
      ],
    });

    const input: CardEntry[] = [
      { label: 'multiplies by the input', value: times ? 'yes: S = R ⊙ x, so S is exactly 0 wherever x is at the zero point' : 'no', source: 'the method' },
      { label: 'exact zeros in the box (median)', value: spread(m.zeroFractionInBox, images), source: 'run maps' },
      { label: 'zero-point suppression (mean |S| of the lowest-magnitude decile / mean |S|)', value: spread(m.darkSuppressionRatio, images), source: 'run maps' },
      { label: 'Spearman ρ of |S| with the distance to the zero point', value: spread(m.intensitySpearman, images), source: 'run maps' },
    ];
    const sweepMethod = sweep?.panels[0]?.methods[method as 'rectgrad' | 'nobias-rectgrad'];
    if (method === 'rectgrad' || method === 'nobias-rectgrad') {
      const panel = sweep?.panels[0];
      const k = panel === undefined ? -1 : panel.bins.indexOf(panel.zeroPointBin);
      input.push({
        label: 'mean |S| at the zero-point bin / its own mean',
        value: sweepMethod === undefined || k < 0 ? null : `${f(sweepMethod.relative[k])} (${panel!.counts[k]} pixel channels in the bin, ${sweep!.indices.length} images)`,
        source: 'sweep.json',
        measureWith: { command: `saliency-lab experiment sweep --run ${run.id}`, inApp: "run the sweep on the Zero point view's Sweep tab" },
      });
    }
    const arms = controlArm?.rows.filter((r) => r.method === method && r.metric === 'boxMassShare') ?? [];
    input.push({
      label: 'box mass share under re-encoded inputs (control arm)',
      value: arms.length === 0 ? null : arms.map((r) => `${r.arm} ${f(r.median)} (n = ${r.n})`).join('; '),
      source: 'analyses/control-arm.json',
      measureWith: analyse('control-arm', run.id),
    });
    sections.push({ title: 'Input sensitivity', entries: input });

    const randomRows = randomisation?.rows.filter((r) => r.method === method && r.mode === 'cascading') ?? [];
    const full = randomRows.length === 0 ? undefined : randomRows.reduce((a, b) => (b.step > a.step ? b : a));
    sections.push({
      title: 'Model sensitivity',
      entries: [
        {
          label: 'similarity to the trained model’s maps with every layer re-initialised (cascading)',
          value: full === undefined ? null : `Spearman ${f(full.spearman)}, SSIM ${f(full.ssim)}, top-k ${f(full.topK)} (n = ${full.n}; 1 = insensitive to the model)`,
          source: 'analyses/randomisation.json',
          measureWith: analyse('randomisation', run.id),
        },
      ],
    });

    const faith = faithfulness?.rows.filter((r) => r.method === method) ?? [];
    const faithEntries: CardEntry[] =
      faith.length === 0
        ? [{ label: 'deletion / insertion AUC by fill', value: null, source: 'analyses/faithfulness.json', measureWith: analyse('faithfulness', run.id) }]
        : [...new Set(faith.map((r) => r.fill))].map((fill) => ({
            label: fill === 'imputation' ? 'ROAD (noisy linear imputation)' : `fill ${fill}`,
            value: faith
              .filter((r) => r.fill === fill)
              .map((r) => `${r.score} ${f(r.auc)}${r.pVsRandom === null || r.pVsRandom >= 0.05 ? ' (not distinguishable from random)' : ''}`)
              .join(', ') + ` (n = ${Math.max(...faith.filter((r) => r.fill === fill).map((r) => r.n))})`,
            source: 'analyses/faithfulness.json',
          }));
    // A fill that itself raises the score ranks nothing (the black fill on this model): said on its line.
    for (const e of faithEntries) {
      const fill = e.label.replace(/^fill /, '');
      if ((faithfulness?.notes ?? []).some((n) => n.startsWith(`${fill}: the all-filled image`))) e.value += '; this fill itself raises the box score, so its AUCs rank nothing';
    }
    sections.push({ title: 'Faithfulness', entries: faithEntries });

    const robustness: CardEntry[] = [];
    const qRows = qSweep?.rows.filter((r) => r.method === method && r.metric === 'boxMassShare') ?? [];
    if (method === 'rectgrad' || method === 'nobias-rectgrad') {
      const defined = qRows.filter((r) => r.median !== null);
      robustness.push({
        label: 'box mass share over RectGrad’s q',
        value: qRows.length === 0 ? null : `${f(Math.min(...defined.map((r) => r.median!)))}–${f(Math.max(...defined.map((r) => r.median!)))} over q ∈ {${qRows.map((r) => r.q).join(', ')}}${defined.length < qRows.length ? ` (undefined at ${qRows.length - defined.length} q: all maps zero)` : ''}`,
        source: 'analyses/q-sweep.json',
        measureWith: analyse('q-sweep', run.id),
      });
    }
    const seedRow = seeds?.rows.find((r): r is SeedsMethodRow => 'method' in r && r.method === method && r.metric === 'boxMassShare');
    robustness.push({
      label: 'box mass share across seeds (mean, 95 % t interval)',
      value: seedRow === undefined ? null : `${f(seedRow.mean)} [${seedRow.ci95 === null ? 'no interval below 2 seeds' : `${f(seedRow.ci95[0])}, ${f(seedRow.ci95[1])}`}], n = ${seedRow.n} seeds`,
      source: 'analyses/seeds.json',
      measureWith: analyse('seeds', run.id, ' --seeds 1,2,3'),
    });
    sections.push({ title: 'Robustness', entries: robustness });

    return { runId: run.id, method, multipliesByInput: times, sections, createdAt };
  });
}
