/**
 * `saliency-lab card --run ID [--method M] [--format md|html|json] [--out FILE]`: the Saliency Cards of a
 * black-box run's methods (issue 19), filled in from what the lab measured on it. Markdown to stdout by
 * default; --out writes the file (whole or not at all) and prints its path.
 */
import { resolve } from 'node:path';
import { LabError } from '../../../shared/result.ts';
import { cardHtml, cardMarkdown } from '../../../shared/saliency-card.ts';
import { isClassifierConfig } from '../../../shared/run.ts';
import { writeFileAtomicSync } from '../../../node/atomic-write.ts';
import { saliencyCards } from '../../host/experiments/blackbox/saliency-card.ts';
import type { Flags } from '../flags.ts';
import { hostFromFlags } from '../host-from-flags.ts';

export const CARD_FLAGS = { run: { type: 'string' }, method: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } as const;
const FORMATS = ['md', 'html', 'json'] as const;

export async function cardCommand(flags: Flags): Promise<void> {
  if (typeof flags.run !== 'string') throw new LabError('bad-input', 'card: --run ID is required (a black-box run with maps: saliency-lab list)');
  const format = (flags.format ?? 'md') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new LabError('bad-input', `--format: expected ${FORMATS.join(', ')}, got "${format}"`);
  const host = await hostFromFlags(flags);
  try {
    const run = await host.workspace.readRun(flags.run);
    if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `--run: run "${run.id}" trained a ${run.config.model}: Saliency Cards are filled in for black-box runs`);
    let cards = await saliencyCards(host.workspace, run);
    if (cards.length === 0) throw new LabError('bad-input', `--run: run "${run.id}" has no maps yet, so there is nothing to fill a card with (saliency-lab experiment blackbox, or compute maps in the app)`);
    if (typeof flags.method === 'string') {
      const chosen = cards.filter((c) => c.method === flags.method);
      if (chosen.length === 0) throw new LabError('bad-input', `--method: run "${run.id}" has no ${flags.method} maps (it has ${cards.map((c) => c.method).join(', ')})`);
      cards = chosen;
    }
    const text =
      format === 'json'
        ? cards.map((c) => JSON.stringify(c)).join('\n') + '\n'
        : format === 'html'
          ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Saliency Cards — ${run.id}</title><style>body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;max-width:980px;margin:24px auto;padding:0 16px}table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:3px 8px;border-bottom:1px solid #eee}.card th{width:34%;color:#555}.src{color:#777;font-size:12px}.unmeasured{color:#999;font-style:italic}</style></head><body>${cards.map(cardHtml).join('\n')}</body></html>\n`
          : cards.map(cardMarkdown).join('\n');
    if (typeof flags.out === 'string') {
      const path = resolve(flags.out);
      writeFileAtomicSync(path, text);
      process.stdout.write(path + '\n');
    } else {
      process.stdout.write(text);
    }
  } finally {
    await host.close();
  }
}
