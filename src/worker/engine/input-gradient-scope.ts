/**
 * A synchronous scope in which only the gradient with respect to the model *input* is wanted. Fused
 * conv ops (conv → batch norm in ResNet50) compute the filter gradient in their custom gradient even
 * then; inside this scope `Conv2DBackpropFilter` returns zeros instead of doing that work, and flipped
 * filters may be cached because weights do not change.
 */
let depth = 0;

export function isInputGradientOnly(): boolean {
  return depth > 0;
}

export function withInputGradientOnly<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}
