/**
 * `npm run bench -- analyses [--backend wasm]`: seconds each analysis (issues 18, 19) takes on the quick
 * black-box run (600 images of 32², 8 epochs), with its model passes per second: backward passes for the
 * map-based analyses (one per image, method and step, as they count them), forward passes for occlusion
 * and faithfulness (as the worker counted them). The retraining analyses (control arm, seeds) are timed
 * with what they said they would take before they started. One JSON object per line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabHost } from '../src/main/host/lab-host.ts';
import { readAnalysisFile } from '../src/main/host/experiments/analysis-definition.ts';
import type { BackendChoice } from '../src/shared/engine.ts';
import { unwrap } from '../src/shared/result.ts';

interface Case {
  kind: string;
  config: Record<string, unknown>;
  /** Passes the analysis ran, from its file: [kind of pass, count]. */
  passes: (file: { rows: object[]; detail?: unknown; config: Record<string, unknown> }) => ['forward' | 'backward', number] | null;
}

const rowsN = (rows: object[]) => Math.max(0, ...rows.map((r) => (r as { n?: number }).n ?? 0));

const CASES: Case[] = [
  { kind: 'q-sweep', config: { quick: true }, passes: (f) => ['backward', (f.config.qs as number[]).length * 2 * rowsN(f.rows)] },
  { kind: 'controls', config: { quick: true }, passes: (f) => ['forward', (f.detail as { forwardPasses?: number } | undefined)?.forwardPasses ?? 0] },
  {
    kind: 'randomisation',
    config: { quick: true },
    passes: (f) => ['backward', new Set(f.rows.map((r) => { const x = r as { mode: string; step: number }; return `${x.mode}/${x.step}`; })).size * (f.config.methods as string[]).length * rowsN(f.rows)],
  },
  { kind: 'faithfulness', config: { quick: true }, passes: (f) => ['forward', (f.detail as { forwardPasses: number }).forwardPasses] },
  { kind: 'control-arm', config: { quick: true }, passes: () => null },
  { kind: 'seeds', config: { quick: true, seeds: [1, 2] }, passes: () => null },
];

export async function benchAnalyses({ backend }: { backend: BackendChoice }): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sbl-bench-analyses-'));
  const host = new LabHost({ workspace: root, backend });
  try {
    let started = performance.now();
    const made = unwrap(await host.runExperiment('blackbox', { quick: true, maps: { methods: ['rectgrad', 'nobias-rectgrad', 'gradient', 'guided-backprop'], limit: 20 } }));
    console.log(JSON.stringify({ bench: 'analyses-base-run', seconds: +((performance.now() - started) / 1000).toFixed(1), backend: made.run.backend?.name }));
    const runId = made.run.id;
    for (const c of CASES) {
      let expected: number | null = null;
      started = performance.now();
      unwrap(
        await host.runExperiment(c.kind, { run: runId, ...c.config }, {
          log: (line) => {
            const m = /expected duration: about (\d+(?:\.\d+)?) (s|min|h)/.exec(line);
            if (m) expected = Number(m[1]) * { s: 1, min: 60, h: 3600 }[m[2] as 's' | 'min' | 'h'];
          },
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const file = (await readAnalysisFile<object, unknown>(host.workspace.runDir(runId), c.kind))!;
      const passes = c.passes(file);
      console.log(
        JSON.stringify({
          bench: 'analysis',
          analysis: c.kind,
          seconds: +seconds.toFixed(2),
          ...(passes === null ? {} : { passes: passes[0], count: passes[1], perSecond: +(passes[1] / seconds).toFixed(1) }),
          ...(expected === null ? {} : { saidBeforehand: expected }),
          rows: file.rows.length,
        }),
      );
    }
  } finally {
    await host.close();
    rmSync(root, { recursive: true, force: true });
  }
}
