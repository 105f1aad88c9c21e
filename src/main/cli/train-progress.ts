/** Training progress on a terminal: an epoch line per epoch and a live batch line (classifier and VAE). */
import type { RunEvent } from '../../shared/run.ts';
import { formatEta, progressLine } from './progress.ts';

/** Prints an epoch line per epoch and a live batch line on a terminal. */
export function trainProgressPrinter(): { onProgress: (e: RunEvent) => void; end: () => void } {
  const line = progressLine();
  return {
    onProgress: (e) => {
      if ('kl' in e) {
        // A VAE: reconstruction (mean per-pixel BCE) and the KL term instead of accuracy.
        if (e.type === 'batch') line.update(e.batch, e.batches, `epoch ${e.epoch}`, `recon ${e.reconstructionLoss.toFixed(4)} KL ${e.kl.toFixed(3)} ${e.imagesPerSecond.toFixed(0)} img/s total ETA ${formatEta(e.etaSeconds)}`);
        else {
          line.end();
          process.stderr.write(`epoch ${e.epoch}/${e.epochs}: recon ${e.reconstructionLoss.toFixed(4)} KL ${e.kl.toFixed(3)} · test recon ${e.testReconstructionLoss.toFixed(4)} KL ${e.testKl.toFixed(3)} · ${e.imagesPerSecond.toFixed(0)} img/s · ETA ${formatEta(e.etaSeconds)}\n`);
        }
      } else if (e.type === 'batch') {
        line.update(e.batch, e.batches, `epoch ${e.epoch}`, `loss ${e.loss.toFixed(4)} acc ${(100 * e.accuracy).toFixed(1)}% ${e.imagesPerSecond.toFixed(0)} img/s total ETA ${formatEta(e.etaSeconds)}`);
      } else {
        line.end();
        const val = e.valLoss !== undefined && e.valAccuracy !== undefined ? ` · val loss ${e.valLoss.toFixed(4)} acc ${(100 * e.valAccuracy).toFixed(2)}%` : '';
        const test = e.testLoss !== undefined && e.testAccuracy !== undefined ? ` · test loss ${e.testLoss.toFixed(4)} acc ${(100 * e.testAccuracy).toFixed(2)}%` : '';
        process.stderr.write(`epoch ${e.epoch}/${e.epochs}: loss ${e.loss.toFixed(4)} acc ${(100 * e.accuracy).toFixed(2)}%${val}${test} · ${e.imagesPerSecond.toFixed(0)} img/s · ETA ${formatEta(e.etaSeconds)}\n`);
      }
    },
    end: () => line.end(),
  };
}
