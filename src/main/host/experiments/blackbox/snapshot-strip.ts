/**
 * The report's strip of per-epoch snapshots (issue 18): for the first fixed images, one row per method
 * of its map after each epoch (at most 12, evenly spaced), all maps of a row on the row's one colour
 * scale (so a map that grows stronger looks stronger), the bar with its numbers at the row's end, and the
 * box share under each map. Empty when the run took no snapshots.
 */
import { exists } from '../../workspace-check.ts';
import { join } from 'node:path';
import { SNAPSHOTS_DIR, SNAPSHOT_INDEX, type SnapshotIndex } from '../../../../shared/experiments/blackbox.ts';
import { DEFAULT_SCALE, absPercentile, colourise } from '../../../../shared/color-scale.ts';
import { readRunJson, readRunNpy } from '../../run-files.ts';
import { colourBarHtml } from '../../report/map-figure.ts';
import { rgbaPngDataUri } from '../../report/png-sync.ts';
import { esc, f } from '../../report/report-page.ts';

const MAX_EPOCHS = 12;
const IMAGES = 2;

export async function snapshotStrip(runDir: string): Promise<string> {
  if (!(await exists(join(runDir, SNAPSHOTS_DIR, SNAPSHOT_INDEX)))) return '';
  const index = await readRunJson<SnapshotIndex>(runDir, `${SNAPSHOTS_DIR}/${SNAPSHOT_INDEX}`, 'snapshot index');
  if (index.epochs.length === 0) return '';
  const step = Math.max(1, Math.ceil(index.epochs.length / MAX_EPOCHS));
  const shown = index.epochs.filter((_, i) => i % step === 0 || i === index.epochs.length - 1);
  const pixels = index.size * index.size;
  const count = index.indices.length;
  const epochMaps = await Promise.all(shown.map(async (e) => (await readRunNpy(runDir, `${SNAPSHOTS_DIR}/${e.file}`)).data));
  const rows: string[] = [];
  for (let n = 0; n < Math.min(IMAGES, count); n++) {
    for (const [k, method] of index.methods.entries()) {
      const maps = epochMaps.map((data) => data.subarray((k * count + n) * pixels, (k * count + n + 1) * pixels));
      const all = new Float32Array(maps.length * pixels);
      maps.forEach((m, i) => all.set(m, i * pixels));
      const max = absPercentile(all, DEFAULT_SCALE.clipPercentile);
      const figures = maps.map((m, i) => {
        const share = shown[i].metrics[method]?.boxMassShares?.[n];
        return `<figure><img src="${rgbaPngDataUri(colourise(m, max, 'signed'), index.size, index.size)}" alt="${esc(method)} epoch ${shown[i].epoch}"><figcaption>epoch ${shown[i].epoch}<br>share ${f(share ?? null, 2)}</figcaption></figure>`;
      });
      rows.push(`<div class="snaprow"><div class="snaplabel">image #${index.indices[n]}<br><b>${esc(method)}</b></div>${figures.join('')}<div class="snapbar">${colourBarHtml(max)}</div></div>`);
    }
  }
  return `<h2>Per-epoch snapshots: how the blind spot appears while the model learns</h2>
${rows.join('\n')}
<p class="stamp">Maps of the run's first test images with a box after each epoch (${shown.length} of ${index.epochs.length} epochs shown), from that epoch's checkpoint; each row on one signed scale clipped at its ${DEFAULT_SCALE.clipPercentile}th percentile of |S| (the bar at its end). "share" is that map's box mass share; the median over the ${count} snapshot images is ${index.methods.map((m) => `${m} ${f(index.epochs.at(-1)!.metrics[m]?.boxMassShare ?? null, 3)}`).join(', ')} at the last epoch.</p>`;
}

export const SNAPSHOT_CSS = `.snaprow{display:flex;gap:4px;align-items:flex-end;margin-bottom:4px;break-inside:avoid}.snaprow figure{flex:1 1 0;min-width:0;max-width:80px}.snaplabel{width:110px;font-size:11px;color:#444;align-self:center}.snapbar{width:110px}`;
