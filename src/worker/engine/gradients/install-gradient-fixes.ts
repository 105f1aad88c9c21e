/** Gradient configs this engine replaces, for every backend. One list, registered once. */
import { tf } from '../tf.ts';
import { batchNormGradConfig } from './batch-norm-grad.ts';

let installed = false;

export function installGradientFixes(): void {
  if (installed) return;
  installed = true;
  tf.registerGradient(batchNormGradConfig);
}
