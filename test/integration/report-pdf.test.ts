/**
 * Reports as PDF (issue 19), checked as a reader would: `saliency-lab report --run ID --pdf` on the shared
 * trained fixture's black-box run prints report.pdf with Chromium; poppler then says what a reader sees —
 * the paper size asked for, text that can be extracted, every section heading, the provenance on page 1,
 * each colour bar's numbers, and every page renders to PNG. Without Chromium the command says so in one line.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, runCli } from '../helpers/cli.ts';
import { copyTrainedWorkspace } from '../helpers/trained-fixture.ts';
import { chromiumMissing } from '../helpers/browser.ts';

const root = mkdtempSync(join(tmpdir(), 'sbl-pdf-'));
let ws = '';
let runId = '';
const missing = chromiumMissing() ?? (existsSync('/usr/bin/pdftotext') ? null : 'poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed');

before(async () => {
  const fixture = await copyTrainedWorkspace(join(root, 'ws'));
  ws = fixture.workspace;
  runId = fixture.quickRunId;
});

const pdfInfo = (pdf: string) => execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });

test('report --pdf: A4 by default, every section and colour bar in extractable text, provenance on page 1, every page renders', { skip: missing ?? false }, async () => {
  const r = await runCli(['report', '--run', runId, '--pdf', '--json', '--workspace', ws]);
  assert.equal(r.code, 0, describeRun(r));
  const { report, pdf } = JSON.parse(r.stdout) as { report: string; pdf: string };
  assert.equal(pdf, join(ws, 'runs', runId, 'report', 'report.pdf'));
  const info = pdfInfo(pdf);
  assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  assert.ok(pages >= 2, `${pages} pages`);
  const text = Array.from({ length: pages }, (_, i) => pageText(pdf, i + 1));
  const all = text.join('\n');
  assert.match(text[0], /Provenance/);
  assert.match(text[0], /images sha256 [0-9a-f]{16}/, 'the dataset is named by content hash on page 1');
  assert.match(text[0], /sha256 [0-9a-f]{16} \(epoch 8\)/, 'so are the weights');
  const html = readFileSync(report, 'utf8');
  for (const heading of [...html.matchAll(/<h2>([^<(]+)/g)].map((m) => m[1].trim())) {
    assert.ok(all.replace(/\s+/g, ' ').includes(heading.replace(/&amp;/g, '&')), `section "${heading}" is in the PDF's text`);
  }
  // Each colour bar's tick numbers are text in the PDF, as on screen.
  const ticks = [...html.matchAll(/<div class="ticks">((?:<span>[^<]*<\/span>)+)<\/div>/g)].map((m) => [...m[1].matchAll(/<span>([^<]*)<\/span>/g)].map((t) => t[1]));
  assert.ok(ticks.length > 0, 'the report has colour bars');
  for (const t of ticks.slice(0, 6)) assert.ok(all.includes(t[t.length - 1]), `colour bar top ${t[t.length - 1]} is in the PDF`);
  const out = join(root, 'pages');
  execFileSync('mkdir', ['-p', out]);
  execFileSync('pdftoppm', ['-r', '30', '-png', pdf, join(out, 'page')]);
  assert.equal(readdirSync(out).filter((f) => f.endsWith('.png')).length, pages, 'every page renders to PNG');
});

test('report --pdf --paper letter prints on Letter; a bad --paper or --paper without --pdf is one line', { skip: missing ?? false }, async () => {
  const r = await runCli(['report', '--run', runId, '--pdf', '--paper', 'letter', '--workspace', ws]);
  assert.equal(r.code, 0, describeRun(r));
  assert.match(pdfInfo(join(ws, 'runs', runId, 'report', 'report.pdf')), /Page size:\s+612 x 792 pts \(letter\)/);
  const bad = await runCli(['report', '--run', runId, '--pdf', '--paper', 'a5', '--workspace', ws]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'error: --paper: expected a4 or letter, got "a5"');
  const alone = await runCli(['report', '--run', runId, '--paper', 'a4', '--workspace', ws]);
  assert.equal(alone.stderr.trim(), 'error: --paper: only with --pdf');
});

test('without a Chromium, report --pdf says so in one line and keeps the HTML report', async () => {
  const r = await runCli(['report', '--run', runId, '--pdf', '--workspace', ws], { env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  assert.equal(r.code, 2, describeRun(r));
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /no Chromium found to print with at CHROMIUM_PATH=\/nonexistent\/chromium \(apt-get install chromium, or set CHROMIUM_PATH\)/);
  assert.ok(existsSync(join(ws, 'runs', runId, 'report', 'report.html')));
});
