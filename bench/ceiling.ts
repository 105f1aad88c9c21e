/**
 * `npm run bench -- ceiling`: what this machine's engine can do at best (issue 20), as GFLOP/s of large
 * matmuls and plain forward convolutions (XNNPACK's best case on wasm: no gradients, no repacking), with
 * the threads the engine starts with and, from a child process, with one thread. The engine suite
 * measures the same ceiling in its own process and prints each line's `ceilingFraction` of it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { initEngine } from '../src/worker/engine/backend.ts';
import { tf } from '../src/worker/engine/tf.ts';
import type { BackendChoice } from '../src/shared/engine.ts';
import { emit, measure } from './measure.ts';
import { gflops } from './flops.ts';

/** [batch, size, C_in, C_out, kernel]: the shapes of the lab's classifier and ResNet50's middle. */
const CONV_SHAPES = [
  [8, 64, 64, 64, 3],
  [8, 32, 128, 128, 3],
  [1, 56, 64, 64, 3],
  [1, 28, 512, 128, 1],
] as const;
const MATMUL_SIZES = [512, 1024, 2048] as const;

export interface Ceiling {
  /** Best GFLOP/s of the matmuls. */
  matmul: number;
  /** Best GFLOP/s of the forward convs: what a conv net's lines are a fraction of. */
  conv: number;
}

/** Times the ceiling kernels on the engine already started; `report` sees each kernel's line. */
export async function measureCeiling(quick: boolean, report: (line: Record<string, unknown>) => void = () => {}): Promise<Ceiling> {
  let matmul = 0;
  let conv = 0;
  for (const n of quick ? [1024] : MATMUL_SIZES) {
    const [a, b] = [tf.randomUniform([n, n], -1, 1, 'float32', 1), tf.randomUniform([n, n], -1, 1, 'float32', 2)];
    const t = await measure(() => void tf.matMul(a, b).dispose(), { minMs: quick ? 500 : 1500 });
    const g = gflops(2 * n ** 3, t.medianMs);
    matmul = Math.max(matmul, g);
    report({ item: 'matmul', shape: [n, n, n], ms: +t.medianMs.toFixed(2), gflops: g });
    tf.dispose([a, b]);
  }
  for (const [batch, size, cin, cout, k] of quick ? CONV_SHAPES.slice(0, 2) : CONV_SHAPES) {
    const x = tf.randomUniform([batch, size, size, cin], -1, 1, 'float32', 3);
    const w = tf.randomUniform([k, k, cin, cout], -1, 1, 'float32', 4);
    const t = await measure(() => void tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dispose(), { minMs: quick ? 500 : 1500 });
    const g = gflops(2 * k * k * cin * cout * size * size * batch, t.medianMs);
    conv = Math.max(conv, g);
    report({ item: 'conv2d-forward', shape: [batch, size, size, cin, cout, k], ms: +t.medianMs.toFixed(2), gflops: g });
    tf.dispose([x, w]);
  }
  return { matmul, conv };
}

export async function benchCeiling(args: { backend: BackendChoice; quick: boolean }): Promise<void> {
  const info = await initEngine(args.backend);
  const base = { bench: 'ceiling', backend: info.name, threads: info.threads ?? null };
  const best = await measureCeiling(args.quick, (line) => emit({ ...base, ...line }));
  emit({ ...base, item: 'ceiling', matmulGflops: best.matmul, convGflops: best.conv });
  // One thread needs an engine started with one thread: a process of its own.
  if (info.name === 'wasm' && (info.threads ?? 1) > 1 && process.env.SBL_CEILING_CHILD === undefined) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./index.ts', import.meta.url)), 'ceiling', '--backend', 'wasm', ...(args.quick ? ['--quick'] : [])], {
      env: { ...process.env, SBL_WASM_THREADS: '1', SBL_CEILING_CHILD: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) emit({ ...base, item: 'ceiling-1-thread', error: `the one-thread run exited ${child.status ?? child.signal}` });
  }
}
