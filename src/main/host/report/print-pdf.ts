/**
 * A run's report as PDF (issue 19): report.html printed by Chromium, A4 or Letter, charts as the vectors
 * they are in the page (inline SVG), page breaks kept off figures by the report's print style. The CLI
 * and the web app print with the system's headless Chromium; the desktop app hands the host its own
 * printer (Electron's webContents.printToPDF, src/main/app), so the same page prints the same way.
 * Written next to the HTML as report.pdf, complete or not at all (printed to a temp name, then renamed).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { exists } from '../workspace-check.ts';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabError } from '../../../shared/result.ts';
import { withRemedy } from '../../../shared/remedy.ts';
import { tempNameFor } from '../../../shared/workspace-files.ts';

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** Prints an HTML file (its own @page rule sets the paper) to a PDF file. */
export type PdfPrinter = (htmlPath: string, pdfPath: string) => Promise<void>;

const PAGE_RULE: Record<PaperSize, string> = { a4: '@page{size:A4;margin:12mm}', letter: '@page{size:letter;margin:12mm}' };

/**
 * Where a Chromium is: CHROMIUM_PATH when set (it alone: an explicit choice is not second-guessed), else
 * the names Debian and others install it under; null when none.
 */
export async function findChromium(): Promise<string | null> {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') return (await exists(chosen)) ? chosen : null;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']) if (await exists(p)) return p;
  return null;
}

/** The headless Chromium printer; refuses in one line when no Chromium is installed. */
export function chromiumPrinter(timeoutMs = 120_000): PdfPrinter {
  return async (htmlPath, pdfPath) => {
    const chromium = await findChromium();
    if (chromium === null) throw new LabError('bad-input', `report --pdf: no Chromium found to print with${process.env.CHROMIUM_PATH ? ` at CHROMIUM_PATH=${process.env.CHROMIUM_PATH}` : ''} (apt-get install chromium, or set CHROMIUM_PATH)`);
    const profile = await mkdtemp(join(tmpdir(), 'sbl-print-'));
    try {
      await new Promise<void>((resolve, reject) => {
        const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${profile}`, `--print-to-pdf=${pdfPath}`, pathToFileURL(htmlPath).href];
        const child = spawn(chromium, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr = (stderr + String(d)).slice(-2000)));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(new LabError('io', `report --pdf: cannot start ${chromium} (${e.message})`));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const printed = code === 0 ? stat(pdfPath).then((st) => st.size > 0, () => false) : Promise.resolve(false);
          void printed.then((ok) => {
            if (ok) return resolve();
            reject(new LabError('io', `report --pdf: ${chromium} did not print ${htmlPath} (${signal ?? `exit ${code}`}${stderr.includes('rror') ? `: ${lastErrorLine(stderr)}` : ''})`));
          });
        });
      });
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  };
}

function lastErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => /error/i.test(l) && !/dbus|object_proxy/i.test(l));
  return (lines.at(-1) ?? 'no message').trim().slice(0, 200);
}

/**
 * Prints `report.html` in `reportDir` to `report.pdf` on `paper`: a copy of the page with the paper's
 * @page rule is printed (the HTML itself stays paper-neutral for the screen), then renamed into place.
 */
export async function printReportPdf(reportDir: string, paper: PaperSize, printer: PdfPrinter): Promise<string> {
  const html = join(reportDir, 'report.html');
  if (!(await exists(html))) throw new LabError('not-found', `${html}: no report to print`, withRemedy({ command: 'saliency-lab report --run ID writes it', inApp: 'the Runs view\'s Report button writes it' }));
  const pdf = join(reportDir, 'report.pdf');
  // The copy lives outside the workspace (the page is self-contained): a kill cannot leave it in the run.
  const printDir = await mkdtemp(join(tmpdir(), 'sbl-report-'));
  const printCopy = join(printDir, `report.${paper}.html`);
  const partial = tempNameFor(pdf, process.pid, randomBytes(4).toString('hex'));
  const page = (await readFile(html, 'utf8')).replace('</style>', `${PAGE_RULE[paper]}</style>`);
  await writeFile(printCopy, page);
  try {
    await printer(printCopy, partial);
    await rename(partial, pdf);
  } finally {
    await rm(printDir, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
  return pdf;
}
