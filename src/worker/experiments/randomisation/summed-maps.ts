/**
 * One model's maps of the "box" logit for a set of methods, each kept only as S, summed over channels
 * ([N × H·W]): all the similarity measures and the gallery read. A method whose other half was already
 * explained takes it from that pass (RectGrad and No-Bias RectGrad, Gradient and Gradient × Input are one
 * backward pass each), so a pair costs one pass, and both halves come from the very same pass.
 */
import type { MethodId, SaliencyOptions } from '../../../shared/saliency.ts';
import type { ModelAdapter } from '../../engine/model-adapter.ts';
import { explain, explainSteps } from '../../saliency/explain.ts';
import { channelSum } from '../../analysis/box-metrics.ts';
import { BOX_LOGIT } from '../blackbox/run-model.ts';

/** The other half of a method whose pass gives both (explain's `pair`). */
const OTHER_HALF: Partial<Record<MethodId, MethodId>> = {
  rectgrad: 'nobias-rectgrad',
  'nobias-rectgrad': 'rectgrad',
  gradient: 'gradient-x-input',
  'gradient-x-input': 'gradient',
};

export interface SummedMaps {
  /** Per method, S of every image, image after image. */
  maps: Map<MethodId, Float32Array>;
  notHonoured: string[];
}

function summed(map: Float32Array, images: number, pixels: number, channels: number): Float32Array {
  const out = new Float32Array(images * pixels);
  for (let n = 0; n < images; n++) out.set(channelSum(map, pixels, channels, n * pixels * channels), n * pixels);
  return out;
}

/** The methods that need a pass of their own (a listed other half rides along). */
function passes(methods: readonly MethodId[]): MethodId[] {
  const out: MethodId[] = [];
  for (const m of methods) if (!out.includes(m) && !out.includes(OTHER_HALF[m] as MethodId)) out.push(m);
  return out;
}

/** Work in explain's units (sample-steps) for `methods` on `count` images. */
export function summedMapsSteps(methods: readonly MethodId[], options: SaliencyOptions, count: number): number {
  return passes(methods).reduce((a, m) => a + explainSteps(m, options, count), 0);
}

export function summedMaps(
  adapter: ModelAdapter,
  x: Float32Array,
  shape: number[],
  methods: readonly MethodId[],
  options: SaliencyOptions,
  progress: (done: number) => void,
  isCancelled: () => boolean,
): SummedMaps {
  const [images, height, width, channels] = shape;
  const pixels = height * width;
  const maps = new Map<MethodId, Float32Array>();
  const notes = new Set<string>();
  let before = 0;
  for (const method of passes(methods)) {
    // The options carry no timesInput (the config refuses it), so `map` is the method's own half and `pair` the other.
    const result = explain(adapter, x, shape, { method, options, target: BOX_LOGIT, isCancelled, onProgress: (done) => progress(before + done) });
    before += explainSteps(method, options, images);
    maps.set(method, summed(result.map, images, pixels, channels));
    const other = OTHER_HALF[method];
    if (other !== undefined && methods.includes(other)) maps.set(other, summed(result.pair, images, pixels, channels));
    for (const n of result.notHonoured) notes.add(`${method}: ${n}`);
  }
  return { maps, notHonoured: [...notes] };
}
