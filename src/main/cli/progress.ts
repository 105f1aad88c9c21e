/**
 * Progress on stderr with percent and ETA: one self-updating line on a terminal; elsewhere (a log file,
 * a pipe, a Slurm task's output) a plain line every PLAIN_EVERY_MS, so a long `--json` run still shows
 * that it is alive and how far it has got (issue 21: a 4.5-min VAE run printed nothing).
 */
import { formatEta } from '../../shared/format.ts';
import { etaFromPace } from '../../shared/progress.ts';

export { formatEta };
export interface ProgressLine {
  update(done: number, total: number, stage: string, extra?: string): void;
  end(): void;
}

/** SBL_PROGRESS_EVERY_MS sets it (a busy log may want fewer lines; a test, more). */
const PLAIN_EVERY_MS = Number(process.env.SBL_PROGRESS_EVERY_MS) || 15_000;

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const started = Date.now();
  let stageStart = started;
  let lastStage = '';
  let drawn = false;
  let lastPlain = started;
  return {
    update(done, total, stage, extra = '') {
      if (stage !== lastStage) {
        lastStage = stage;
        stageStart = Date.now();
      }
      const eta = etaFromPace((Date.now() - stageStart) / 1000, done, total);
      const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
      const text = `${stage} ${done}/${total} (${pct}%) ETA ${formatEta(eta)} ${extra}`.trimEnd();
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${text}`);
        drawn = true;
      } else if (Date.now() - lastPlain >= PLAIN_EVERY_MS) {
        lastPlain = Date.now();
        stream.write(`progress: ${text}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
