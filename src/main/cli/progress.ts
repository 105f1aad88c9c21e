/** Progress on a terminal: one self-updating line on stderr with percent and ETA; silent otherwise. */
import { formatEta } from '../../shared/format.ts';

export { formatEta };
export interface ProgressLine {
  update(done: number, total: number, stage: string, extra?: string): void;
  end(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const started = Date.now();
  let stageStart = started;
  let lastStage = '';
  let drawn = false;
  return {
    update(done, total, stage, extra = '') {
      if (!stream.isTTY) return;
      if (stage !== lastStage) {
        lastStage = stage;
        stageStart = Date.now();
      }
      const elapsed = (Date.now() - stageStart) / 1000;
      const eta = done > 0 ? (elapsed * (total - done)) / done : NaN;
      const pct = total > 0 ? Math.floor((100 * done) / total) : 0;
      stream.write(`\r\x1b[K${stage} ${done}/${total} (${pct}%) ETA ${formatEta(eta)} ${extra}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
