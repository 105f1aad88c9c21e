/**
 * A synchronous scope in which only the gradient with respect to the model *input* is wanted. Fused
 * conv ops (conv → batch norm in ResNet50) compute the filter gradient in their custom gradient even
 * then; inside this scope `Conv2DBackpropFilter` returns zeros instead of doing that work, and flipped
 * filters may be cached because weights do not change. An async body is refused (saliency-scope.ts).
 */
import { withSaliencyScope } from './saliency-scope.ts';

let depth = 0;

export function isInputGradientOnly(): boolean {
  return depth > 0;
}

export function withInputGradientOnly<T>(fn: () => T): T {
  return withSaliencyScope(
    'input gradient only',
    () => depth++,
    () => depth--,
    fn,
  );
}
