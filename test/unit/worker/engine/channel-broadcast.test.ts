/**
 * The per-channel Add, Sub and Multiply on wasm (kernels/channel-broadcast.ts) against the cpu backend, bit
 * for bit: both operand orders, [C] and [1, …, 1, C] rows, ranks 2 to 4; shapes it does not take (C not a
 * multiple of 4, small tensors, same shapes, other broadcasts) give the stock kernel's results too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/worker/engine/tf.ts';
import { noLeak, seededArray, useBackend } from '../../../helpers/engine.ts';

const CASES: Array<[number[], number[]]> = [
  [[20, 16, 16, 8], [8]],
  [[20, 16, 16, 8], [1, 1, 1, 8]],
  [[8], [2, 32, 32, 8]].reverse() as [number[], number[]],
  [[1, 1, 1, 32], [4, 8, 8, 32]],
  [[512, 64], [64]],
  [[4096, 4], [1, 4]],
  [[20, 16, 16, 6], [6]], // C not a multiple of 4: stock
  [[2, 4, 4, 8], [8]], // small: stock
  [[20, 16, 16, 8], [20, 16, 16, 8]], // same shape: stock
  [[20, 16, 16, 8], [20, 1, 1, 8]], // a per-image row: stock
];

async function run(backend: 'wasm' | 'cpu', op: 'add' | 'sub' | 'mul', [sa, sb]: [number[], number[]]): Promise<Float32Array> {
  await useBackend(backend);
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  return noLeak(() =>
    tf.tidy(() => {
      const a = tf.tensor(seededArray(size(sa), 1), sa);
      const b = tf.tensor(seededArray(size(sb), 2), sb);
      return tf[op](a, b).dataSync() as Float32Array;
    }),
  );
}

for (const c of CASES) {
  test(`Add, Sub, Multiply ${JSON.stringify(c[0])} with ${JSON.stringify(c[1])}: wasm = cpu, bit for bit`, async () => {
    for (const op of ['add', 'sub', 'mul'] as const) {
      const [wasm, cpu] = [await run('wasm', op, c), await run('cpu', op, c)];
      assert.equal(wasm.length, cpu.length);
      const bits = (x: Float32Array) => new Uint32Array(x.buffer, x.byteOffset, x.length);
      assert.deepEqual(bits(wasm), bits(cpu), `${op}: not bit-identical`);
    }
  });
}
