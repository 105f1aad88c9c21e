/**
 * The one report writer: runs/<id>/report/report.html, self-contained (figures as inline SVG from ECharts
 * server-side rendering, example maps as PNG data URIs), assembled from what the kinds provide — the
 * sections of the kind that made the run, then the sections other kinds attach to it (the sweep's panels
 * on a black-box run) — on one page style, so reports of every kind read alike (issue 17).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { reportPage } from './report-page.ts';

/** What a kind gives the writer for a run it made. */
export interface ReportContent {
  /** The page title (the run's name). */
  title: string;
  heading: string;
  /** The paper figure it reproduces, e.g. 'Fig. 1'. */
  figure: string;
  /** The kind's sections, in order (HTML). */
  body: string;
  /** Styles only this kind's sections use, added after the shared sheet. */
  css?: string;
}

/**
 * Writes the report of run `runId` into `runDir`; `attached` are other kinds' sections for the run,
 * `provenance` the first page's block (src/main/host/report/provenance.ts).
 */
export async function writeReportFile(runDir: string, runId: string, content: ReportContent, attached: readonly string[], provenance = ''): Promise<string> {
  const path = join(runDir, 'report', 'report.html');
  const body = [provenance, content.body, ...attached.filter((s) => s.length > 0)].join('\n');
  await writeFileAtomic(path, reportPage({ title: content.title, heading: content.heading, runId, figure: content.figure, body, css: content.css }));
  return path;
}
