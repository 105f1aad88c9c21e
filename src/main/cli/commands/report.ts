/** `saliency-lab report --run ID` (re)writes a run's report.html; `saliency-lab list` shows the workspace. */
import { LabError, unwrap } from '../../../shared/result.ts';
import { type FacesDatasetManifest, eyeglassesCountsText } from '../../../shared/faces.ts';
import { remedyText, resumeRemedy } from '../../../shared/remedy.ts';
import type { Flags } from '../flags.ts';
import { hostFromFlags } from '../host-from-flags.ts';
import { PAPER_SIZES, type PaperSize } from '../../host/report/print-pdf.ts';

export const REPORT_FLAGS = { run: { type: 'string' }, json: { type: 'boolean' }, pdf: { type: 'boolean' }, paper: { type: 'string' } } as const;

export async function reportCommand(flags: Flags): Promise<void> {
  if (typeof flags.run !== 'string') throw new LabError('bad-input', '--run ID is required');
  const paper = flags.paper ?? 'a4';
  if (!(PAPER_SIZES as readonly unknown[]).includes(paper)) throw new LabError('bad-input', `--paper: expected ${PAPER_SIZES.join(' or ')}, got "${String(paper)}"`);
  if (flags.paper !== undefined && flags.pdf !== true) throw new LabError('bad-input', '--paper: only with --pdf');
  const host = await hostFromFlags(flags);
  try {
    if (flags.pdf === true) {
      const { html, pdf } = unwrap(await host.writeReportPdf(flags.run, paper as PaperSize));
      process.stdout.write((flags.json === true ? JSON.stringify({ report: html, pdf }) : `${html}\n${pdf}`) + '\n');
      return;
    }
    const path = unwrap(await host.writeReport(flags.run));
    process.stdout.write((flags.json === true ? JSON.stringify({ report: path }) : path) + '\n');
  } finally {
    await host.close();
  }
}

export async function listCommand(flags: Flags): Promise<void> {
  const host = await hostFromFlags(flags);
  try {
    const datasets = unwrap(await host.listDatasets());
    const runs = unwrap(await host.listRuns());
    if (flags.json === true) {
      process.stdout.write(JSON.stringify({ workspace: host.workspace.root, datasets, runs }) + '\n');
      return;
    }
    process.stdout.write(`workspace ${host.workspace.root}\n\ndatasets:\n`);
    for (const d of datasets) {
      // A faces dataset says how many glasses are dark and clear, and how that was decided (issue 15, item 6).
      const faces = (d as { kind?: string }).kind === 'faces' ? `  ${eyeglassesCountsText(d as unknown as FacesDatasetManifest)}` : '';
      process.stdout.write(d.broken !== undefined ? `  ${d.id}  BROKEN  ${d.broken}\n` : `  ${d.id}  ${d.name}  ${d.count}×${d.size}px  ${d.createdAt.slice(0, 16)}${faces}\n`);
    }
    process.stdout.write('\nruns:\n');
    for (const r of runs) {
      const epoch = r.status === 'interrupted' ? `  at epoch ${r.checkpointEpoch}/${r.config.epochs}${remedyText(resumeRemedy(r.id), 'cli')}` : '';
      process.stdout.write(`  ${r.id}  ${r.status.padEnd(11)}  acc ${r.testAccuracy === null ? '–' : (100 * r.testAccuracy).toFixed(2) + '%'}  ${r.name}${epoch}${r.broken !== undefined ? `  BROKEN: ${r.broken}` : ''}\n`);
    }
  } finally {
    await host.close();
  }
}
