/**
 * Experiment 2's report (runs/<id>/report/report.html, self-contained): setup, the VAE's training with
 * reconstructions, the concept (score distributions, AUROC, traversal), the numbers per method, Fig. 2b
 * scatters of pixel value against saliency, and example maps of faces with dark glasses, clear glasses
 * and none, each with its eye region outlined.
 */
import { type FacesDatasetManifest, type VaeTrainEvent, eyeglassesCountsText } from '../../../../shared/faces.ts';
import { readRunFile, readRunNpy } from '../../run-files.ts';
import { LabError } from '../../../../shared/result.ts';
import { isClassifierEvent } from '../../../../shared/run.ts';
import type { VaeConceptExperimentConfig } from '../../../../shared/experiments/vae-concept.ts';
import { DEFAULT_SCALE, describeScale } from '../../../../shared/color-scale.ts';
import { vaeCurvesOption } from '../../../../shared/chart-options/vae-curves.ts';
import { conceptScoresOption } from '../../../../shared/chart-options/concept-scores.ts';
import { pixelSaliencyScatterOption } from '../../../../shared/chart-options/pixel-saliency-scatter.ts';
import { withConfinedFileAsync } from '../../../../node/confine.ts';
import type { HostContext } from '../../host-context.ts';
import { mapFigure } from '../../report/map-figure.ts';
import { inputWithRegionPng, rgbStripPng } from '../../report/map-images.ts';
import { esc, f, kv, spreadCell } from '../../report/report-page.ts';
import type { ReportContent } from '../../report/write-report.ts';
import { pairedTestText } from '../../../../shared/paired-test.ts';
import { renderSvg } from '../../report/render-svg.ts';
import { CONCEPT_MAPS_DIR, readConceptComparisons, readConceptMapsSidecars, readConceptResult, readTraversal } from './concept-files.ts';
import { readFacesDataset } from './faces-dataset.ts';

const EXAMPLES_PER_GROUP = 2;

/** K images [K, S, S, 3] side by side as one RGB row. */
function sideBySide(pixels: Uint8Array, k: number, size: number): Uint8Array {
  const out = new Uint8Array(k * size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let i = 0; i < k; i++) out.set(pixels.subarray(((i * size + y) * size) * 3, ((i * size + y) * size + size) * 3), (y * k * size + i * size) * 3);
  }
  return out;
}

function channelSum(maps: Float32Array, n: number, pixels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const o = (n * pixels + p) * 3;
    out[p] = maps[o] + maps[o + 1] + maps[o + 2];
  }
  return out;
}

async function readImage(dir: string, m: FacesDatasetManifest, index: number): Promise<Uint8Array> {
  const per = m.size * m.size * 3;
  const out = new Uint8Array(per);
  await withConfinedFileAsync(dir, m.files.images, (fh) => fh.read(out, 0, per, index * per));
  return out;
}

async function readMask(dir: string, m: FacesDatasetManifest, index: number): Promise<Uint8Array> {
  const per = m.size * m.size;
  const out = new Uint8Array(per);
  await withConfinedFileAsync(dir, m.files.masks, (fh) => fh.read(out, 0, per, index * per));
  return out;
}

export async function vaeConceptReport(host: HostContext, runId: string): Promise<ReportContent> {
  const ws = host.workspace;
  const run = await ws.readRun(runId);
  if (run.config.model !== 'vae') throw new LabError('bad-input', `run "${runId}" trained a ${run.config.model}, not the VAE this report describes`);
  const cfg = run.config;
  const runDir = ws.runDir(runId);
  const dataset = await readFacesDataset(host, run.datasetId);
  const datasetDir = ws.datasetDir(dataset.id);
  const size = dataset.size;
  const events = (await ws.readMetrics(runId)).filter((e): e is VaeTrainEvent => !isClassifierEvent(e));
  const concept = await readConceptResult(runDir);
  const sidecars = await readConceptMapsSidecars(runDir, Object.keys(run.vae?.conceptMetrics ?? {}));
  const comparisons = await readConceptComparisons(runDir);
  const byMethod = new Map(sidecars.map((s) => [s.method, s]));
  const rect = byMethod.get('rectgrad')?.summary;
  const nobias = byMethod.get('nobias-rectgrad')?.summary;

  // Training: curves, then the fixed test faces and their reconstructions after the last epoch.
  const lastEpoch = [...events].reverse().find((e): e is Extract<VaeTrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  let reconstructions = '';
  if (lastEpoch !== undefined) {
    const k = lastEpoch.reconstructionIndices.length;
    const originals = new Uint8Array(await readRunFile(runDir, 'reconstructions/originals.bin'));
    const recon = new Uint8Array(await readRunFile(runDir, lastEpoch.reconstructionsFile));
    reconstructions = `<div class="strip"><figure><img src="${await rgbStripPng(sideBySide(originals, k, size), k * size, size)}"><figcaption>test faces #${lastEpoch.reconstructionIndices.join(', #')}</figcaption></figure>
<figure><img src="${await rgbStripPng(sideBySide(recon, k, size), k * size, size)}"><figcaption>their reconstructions after epoch ${lastEpoch.epoch} (decoded μ)</figcaption></figure></div>`;
  }

  // Concept: score distributions and traversal strips μ + α·c.
  let conceptSection = '<p>The concept stage has not run.</p>';
  if (concept !== null) {
    const strips: string[] = [];
    const pixels = await readTraversal(runDir, concept);
    const a = concept.traversal.alphas.length;
    const per = a * size * size * 3;
    for (const [t, index] of concept.traversal.indices.entries()) {
      // The face itself first, so α = 0 (its reconstruction) can be compared with what the VAE was given.
      const row = new Uint8Array(size * size * 3 + per);
      row.set(await readImage(datasetDir, dataset, index));
      row.set(pixels.subarray(t * per, (t + 1) * per), size * size * 3);
      strips.push(`<figure><img src="${await rgbStripPng(sideBySide(row, a + 1, size), (a + 1) * size, size)}"><figcaption>face #${index}: the face, then decoded μ + α·c for α = ${concept.traversal.alphas.join(', ')}</figcaption></figure>`);
    }
    conceptSection = `${renderSvg(conceptScoresOption({ scores: concept.testScores, labels: concept.testLabels, attribute: concept.attribute, auroc: concept.auroc, styles: concept.testStyles, aurocByStyle: concept.aurocByStyle }), 760, 300)}
<p class="stamp">c = mean μ over ${concept.perGroup} training faces with ${esc(concept.attribute)} − mean μ over ${concept.perGroup} without; S(x) = μ(x)·c on ${concept.testScores.length} test faces.</p>
<h3>Latent traversal: decoded μ + α·c (the concept made visible)</h3><div class="strip">${strips.join('')}</div>`;
  }

  // Numbers per method.
  const metricRows = sidecars
    .map((s) => {
      const m = s.summary;
      const n = s.indices.length;
      return `<tr><th>${esc(s.method)}</th><td class="fx">${s.timesInput ? 'included' : '–'}</td><td>${n}</td><td>${spreadCell(m.eyeRegionShareDark, 3, n)}</td><td>${spreadCell(m.eyeRegionShareClear, 3, n)}</td><td>${spreadCell(m.eyeRegionShareNone, 3, n)}</td><td>${spreadCell(m.zeroFractionAtZeroInput, 3, n)}</td><td>${spreadCell(m.darkSuppressionRatio, 2, n)}</td><td>${spreadCell(m.intensitySpearman, 3, n)}</td></tr>`;
    })
    .join('');

  // Convs where the trick was skipped (too small to have an interior), named in the setup row as well.
  const skippedTrick = [...new Set(sidecars.flatMap((s) => (s.notHonoured ?? []).map((l) => /^padding trick skipped at (\S+):/.exec(l)?.[1]).filter((c): c is string => c !== undefined)))];
  // What a method could not do as asked, said beside its numbers (never a silently different map).
  const notHonoured = sidecars.flatMap((s) => (s.notHonoured ?? []).map((l) => `<p class="note" data-not-honoured="${esc(s.method)}"><b>Note (${esc(s.method)}):</b> ${esc(l)}</p>`)).join('');

  // Fig. 2b and example maps.
  const mapsOf = new Map(await Promise.all(sidecars.map(async (s) => [s.method, (await readRunNpy(runDir, `${CONCEPT_MAPS_DIR}/${s.method}.npy`)).data] as const)));
  const first = sidecars[0];
  let scatter = '';
  const rows: string[] = [];
  if (first !== undefined) {
    const pixels = size * size;
    const darkPos = first.groups.indexOf('dark');
    const pos = darkPos >= 0 ? darkPos : 0;
    const rgb = await readImage(datasetDir, dataset, first.indices[pos]);
    const x = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) x[p] = (rgb[p * 3] + rgb[p * 3 + 1] + rgb[p * 3 + 2]) / (3 * 255);
    scatter = ['rectgrad', 'nobias-rectgrad']
      .filter((m) => mapsOf.has(m))
      .map((m) => renderSvg(pixelSaliencyScatterOption({ x, s: channelSum(mapsOf.get(m)!, pos, pixels), title: `${m} · face #${first.indices[pos]} (${first.groups[pos]} glasses)`, zeroPoint: 0 }), 520, 340))
      .join('');
    for (const group of ['dark', 'clear', 'none'] as const) {
      const positions = first.groups.flatMap((g, i) => (g === group ? [i] : [])).slice(0, EXAMPLES_PER_GROUP);
      for (const p of positions) {
        const index = first.indices[p];
        const cells = [`<figure><img src="${await inputWithRegionPng(await readImage(datasetDir, dataset, index), size, await readMask(datasetDir, dataset, index))}"><figcaption>#${index} · ${group === 'none' ? 'no' : group} glasses</figcaption></figure>`];
        for (const s of sidecars) {
          const summed = channelSum(mapsOf.get(s.method)!, p, pixels);
          const row = s.perImage[p];
          cells.push(await mapFigure(summed, size, `${esc(s.method)}<br>eye share ${f(row.eyeRegionShare, 2)} · zeros at 0 ${f(row.zeroFractionAtZeroInput, 2)}`));
        }
        rows.push(`<div class="maprow">${cells.join('')}</div>`);
      }
    }
    rows.unshift(`<p class="stamp">Colour: ${esc(describeScale(DEFAULT_SCALE))} (blue negative, white 0, red positive; the bar under each map gives its range); channels summed. Green outline: the eye region from the face's landmarks.</p>`);
  }
  // Faces with dark lenses in the dataset, so the reader knows the blind spot's size.
  const zeroPixels = dataset.eyeglassesStyles.dark;
  const measured = dataset.eyeglassesSplit?.by === 'lens-darkness';

  const headline = [
    `Test reconstruction loss <b>${f(run.vae?.testReconstructionLoss, 4)}</b> (mean per-pixel BCE) on ${dataset.splitCounts.test} test faces.`,
    concept
      ? `The "${esc(concept.attribute)}" concept separates the ${concept.testScores.length} test faces with an AUROC of <b>${f(concept.auroc, 3)}</b>${concept.aurocByStyle ? ` (against no glasses: dark glasses ${f(concept.aurocByStyle.dark, 3)}, clear ${f(concept.aurocByStyle.clear, 3)})` : ''}.`
      : '',
    rect && nobias
      ? `On faces with dark glasses, RectGrad puts a median <b>${f(100 * rect.eyeRegionShareDark.median, 1)}%</b> of its mass in the eye region, No-Bias RectGrad <b>${f(100 * nobias.eyeRegionShareDark.median, 1)}%</b>; RectGrad is exactly 0 on a median <b>${f(100 * rect.zeroFractionAtZeroInput.median, 1)}%</b> of map entries whose input is exactly 0.`
      : '',
    ...comparisons.map((c) => `Paired Wilcoxon signed-rank on eye-region share (dark glasses), ${esc(c.a)} vs ${esc(c.b)}: ${esc(pairedTestText(c, 'eye-region share'))}.`),
  ]
    .filter(Boolean)
    .join(' ');
  const opts = first?.options;
  const conceptLatent = (run.experimentConfig as Partial<VaeConceptExperimentConfig> | undefined)?.concept?.latent;
  const body = `<p class="headline">${headline}</p>
<h2>Setup</h2>
<div class="cols"><div>${kv([
    ['dataset', `${dataset.name} (${dataset.id})`],
    ['faces', dataset.sourceDescription],
    ['images', `${dataset.count} (${dataset.splitCounts.train} train, ${dataset.splitCounts.test} test; ${eyeglassesCountsText(dataset)}; ${dataset.skipped.length} inputs skipped)`],
    ...(measured ? [['dark lenses', `measured (CelebA has no sunglasses attribute): ${dataset.eyeglassesSplit!.rule}`] as [string, string]] : []),
    ['image size', `${size}×${size}, RGB scaled to [0, 1] (black = 0: ${measured ? 'measured dark lenses are near black, exactly 0 only where the photo is' : `dark lenses have ${zeroPixels > 0 ? 'many' : 'no'} exactly-0 pixels`})`],
    ['dataset seed', dataset.seed],
  ])}</div><div>${kv([
    ['VAE', `${cfg.preset} preset${cfg.latent !== undefined ? `, latent ${cfg.latent}` : ''}: 5 stride-2 convs (ReLU then BatchNorm) → dense → μ, log σ²; transposed-conv decoder`],
    ['training', `${cfg.epochs} epochs, batch ${cfg.batchSize}, Adam ${cfg.learningRate}, loss BCE + ${cfg.klWeight}·KL, seed ${cfg.seed}`],
    ['explained score', concept ? `S(x) = μ(x)·c for "${concept.attribute}" (concept from ${conceptLatent === 'sampled' ? 'sampled z, fixed seed' : 'z = μ'})` : '–'],
    ['RectGrad', opts ? `q = ${opts.q} (${opts.percentile}), padding trick ${opts.paddingTrick ? 'on' : 'off'}${skippedTrick.length > 0 ? ` (skipped at ${skippedTrick.join(', ')}: see the notes)` : ''}` : '–'],
    ['backend', `${run.backend?.name ?? '?'}${run.backend?.threads ? ` (${run.backend.threads} thread${run.backend.threads > 1 ? 's' : ''})` : ''}`],
    ['versions', Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')],
  ])}</div></div>
<h2>Training</h2>
${renderSvg(vaeCurvesOption(events), 760, 380)}
${reconstructions}
<h2>Concept</h2>
${conceptSection}
<h2>Numbers per method (median [IQR] over ${first?.indices.length ?? 0} test faces)</h2>
<table class="metrics"><tr><th>method</th><th title="whether the method's own map ends with the multiplication by the input">final × input</th><th>faces</th><th>eye-region share, dark glasses</th><th>… clear glasses</th><th>… no glasses</th><th title="fraction of map entries exactly 0 among entries whose input is exactly 0">exact zeros at zero input</th><th title="mean |S| over the darkest decile of pixels / mean |S|">dark supp.</th><th>ρ(|S|, intensity)</th></tr>${metricRows}</table>${notHonoured}
<p class="stamp">Eye-region share = Σ<sub>eye region</sub>|S| / Σ|S| with S the map summed over channels; a cell shows n when fewer faces had a defined value (e.g. no exactly-0 input pixel).</p>
<h2>Fig. 2b: pixel value against saliency</h2>
<div class="grid">${scatter}</div>
<h2>Example maps</h2>
${rows.join('\n')}`;
  return { title: run.name, heading: 'Concept saliency on a VAE of faces: RectGrad vs No-Bias RectGrad', figure: 'Fig. 2', body };
}
