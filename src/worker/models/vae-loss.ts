/**
 * The VAE loss of METHODS.md: mean per-pixel binary cross-entropy + w · mean over latent dims (and
 * the batch) of −(1 + log σ² − μ² − σ²), with w = 5e-4. The probabilities are clipped to
 * [1e-7, 1 − 1e-7] so a saturated sigmoid cannot make the loss infinite.
 */
import { tf } from '../engine/tf.ts';
import type { Tensor } from '../engine/tf.ts';

const EPS = 1e-7;

export function reconstructionBce(x: Tensor, p: Tensor): tf.Scalar {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, EPS, 1 - EPS);
    return tf.neg(tf.mean(tf.add(tf.mul(x, tf.log(q)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, q)))))) as tf.Scalar;
  });
}

export function klTerm(mu: Tensor, logvar: Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.neg(tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)))) as tf.Scalar);
}

/** z = μ + σ·ε (the reparameterisation), ε given so runs repeat exactly. */
export function reparameterise(mu: Tensor, logvar: Tensor, eps: Tensor): Tensor {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)));
}
