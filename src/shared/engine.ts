/** Which compute engine to use. `auto` tries tfjs-node-gpu, tfjs-node, wasm, then cpu (DESIGN.md). */
export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** What the engine settled on, and why; stored with every result. */
export interface BackendInfo {
  /** The TF.js backend name in use: 'tensorflow' (native, CPU or GPU), 'wasm' or 'cpu'. */
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** Native package used, when name is 'tensorflow'. */
  nativePackage?: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';
  /** wasm only: threads in XNNPACK's pool, and whether SIMD is on. */
  threads?: number;
  simd?: boolean;
  /** One line per candidate tried, in order, saying why it was or was not used. */
  reasons: string[];
  tfjsVersion: string;
}

export function isBackendChoice(s: string): s is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(s);
}
