/**
 * Trains the experiment-1 classifier in a worker thread: Adam on softmax cross-entropy, seeded
 * shuffles, progress per batch (throttled) and per epoch with images/s and ETA, a checkpoint per
 * epoch, cancellation between batches, and resume from the last checkpoint.
 */
import { type TrainConfig, type TrainEvent, type TrainPreprocessing, runPreprocessing } from '../../shared/run.ts';
import { LabError } from '../../shared/result.ts';
import { tf } from '../engine/tf.ts';
import type { LayersModel, Tensor } from '../engine/tf.ts';
import { assertNoSaliencyScope } from '../engine/saliency-scope.ts';
import { buildBlackboxCnn, logitsCrossEntropy } from '../models/blackbox-cnn.ts';
import type { LoadedDataset } from '../data/dataset-files.ts';
import { toModelInput } from './model-input.ts';
import { makeRng, permutation, subSeed } from '../data/prng.ts';
import { stratifiedSplit, type Split } from './split.ts';
import { loadCheckpoint, readLatestCheckpoint, saveCheckpoint } from './checkpoint.ts';

export interface TrainOutcome {
  model: LayersModel;
  split: Split;
  epochsDone: number;
  testAccuracy: number;
  testLoss: number;
  resumedFrom: number;
}

const BATCH_EVENT_INTERVAL_MS = 250;

function labelsTensor(data: LoadedDataset, idx: readonly number[], labelOf: (i: number) => number = (i) => data.items[i].label): Tensor {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(idx.map(labelOf), 'int32'), 2));
}

/** Seed stream of the label permutation (prng.ts subSeed), apart from the batch order's. */
const LABEL_SHUFFLE_STREAM = 11;

/**
 * The label each training image is trained with: its own, or (data randomisation) the label of the
 * training image a seeded permutation maps it to, so the class balance is kept and nothing but
 * memorisation can fit them.
 */
function trainingLabels(data: LoadedDataset, train: readonly number[], config: TrainConfig): (i: number) => number {
  if (config.shuffledLabels !== true) return (i) => data.items[i].label;
  const order = permutation(train.length, makeRng(subSeed(config.seed, LABEL_SHUFFLE_STREAM, 0)));
  const shuffled = new Map(train.map((i, k) => [i, data.items[train[order[k]]].label]));
  return (i) => shuffled.get(i) ?? data.items[i].label;
}

/** Mean loss and accuracy over a set of images, forward only, in batches, fed as the run preprocesses them. */
export function evaluate(model: LayersModel, data: LoadedDataset, idx: readonly number[], batch: number, preprocessing: TrainPreprocessing = 'unit'): { loss: number; accuracy: number } {
  let lossSum = 0;
  let correct = 0;
  for (let s = 0; s < idx.length; s += batch) {
    const part = idx.slice(s, s + batch);
    const [l, c] = tf.tidy(() => {
      const x = tf.tensor4d(toModelInput(data.pixels, part, data.size, preprocessing), [part.length, data.size, data.size, 3]);
      const y = labelsTensor(data, part);
      const logits = model.predict(x) as Tensor;
      const loss = tf.mul(logitsCrossEntropy(y, logits), part.length);
      const right = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32'));
      return [loss.dataSync()[0], right.dataSync()[0]];
    });
    lossSum += l;
    correct += c;
  }
  return { loss: lossSum / Math.max(1, idx.length), accuracy: correct / Math.max(1, idx.length) };
}

export async function trainClassifier(
  data: LoadedDataset,
  config: TrainConfig,
  runDir: string,
  resume: boolean,
  emit: (e: TrainEvent) => void,
  isCancelled: () => boolean,
  /** Runs after each epoch's checkpoint is saved, before its event (per-epoch snapshots). */
  afterEpoch?: (epoch: number) => Promise<void>,
): Promise<TrainOutcome> {
  const split = stratifiedSplit(data.items.map((it) => it.label), config.testFraction, config.seed);
  if (split.train.length === 0 || split.test.length === 0) throw new LabError('bad-input', `dataset too small to split: ${data.items.length} images`);
  const optimizer = tf.train.adam(config.learningRate);
  const ptr = resume ? readLatestCheckpoint(runDir) : null;
  const model = ptr !== null ? await loadCheckpoint(runDir, ptr, optimizer) : buildBlackboxCnn(data.size, config.seed);
  const startEpoch = ptr?.epoch ?? 0;
  const labelOf = trainingLabels(data, split.train, config);
  const preprocessing = runPreprocessing(config);
  const batches = Math.ceil(split.train.length / config.batchSize);
  const totalImages = (config.epochs - startEpoch) * split.train.length;
  const started = performance.now();
  let imagesDone = 0;
  let lastEmit = 0;
  let last = { loss: NaN, accuracy: NaN, testLoss: NaN, testAccuracy: NaN };
  try {
    for (let epoch = startEpoch + 1; epoch <= config.epochs; epoch++) {
      const order = permutation(split.train.length, makeRng(subSeed(config.seed, 10, epoch))).map((k) => split.train[k]);
      let lossSum = 0;
      let correct = 0;
      for (let b = 0; b < batches; b++) {
        if (isCancelled()) throw new LabError('cancelled', `training cancelled in epoch ${epoch}; resume continues from epoch ${epoch - 1}`);
        const part = order.slice(b * config.batchSize, (b + 1) * config.batchSize);
        const x = tf.tensor4d(toModelInput(data.pixels, part, data.size, preprocessing), [part.length, data.size, data.size, 3]);
        const y = labelsTensor(data, part, labelOf);
        let right: Tensor | null = null;
        assertNoSaliencyScope('training step');
        const cost = optimizer.minimize(() => {
          const logits = model.apply(x, { training: true }) as Tensor;
          right = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(y, 1)), 'float32')));
          return logitsCrossEntropy(y, logits);
        }, true);
        const lossValue = cost!.dataSync()[0];
        const rightValue = (right as Tensor | null)?.dataSync()[0] ?? 0;
        tf.dispose([x, y, cost!, right as Tensor | null].filter((t): t is Tensor => t !== null));
        if (!Number.isFinite(lossValue)) throw new LabError('engine', `training diverged: loss ${lossValue} in epoch ${epoch}, batch ${b + 1}`);
        lossSum += lossValue * part.length;
        correct += rightValue;
        imagesDone += part.length;
        const now = performance.now();
        if (now - lastEmit > BATCH_EVENT_INTERVAL_MS || b === batches - 1) {
          lastEmit = now;
          const ips = imagesDone / ((now - started) / 1000);
          emit({ type: 'batch', epoch, batch: b + 1, batches, loss: lossValue, accuracy: rightValue / part.length, imagesPerSecond: ips, etaSeconds: (totalImages - imagesDone) / ips, time: new Date().toISOString() });
        }
      }
      const test = evaluate(model, data, split.test, 64, preprocessing);
      await saveCheckpoint(runDir, epoch, model, optimizer);
      await afterEpoch?.(epoch);
      const ips = imagesDone / ((performance.now() - started) / 1000);
      last = { loss: lossSum / split.train.length, accuracy: correct / split.train.length, testLoss: test.loss, testAccuracy: test.accuracy };
      emit({ type: 'epoch', epoch, epochs: config.epochs, ...last, imagesPerSecond: ips, etaSeconds: (totalImages - imagesDone) / ips, time: new Date().toISOString() });
    }
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
  if (startEpoch >= config.epochs) {
    const test = evaluate(model, data, split.test, 64, preprocessing);
    last = { ...last, testLoss: test.loss, testAccuracy: test.accuracy };
  }
  return { model, split, epochsDone: config.epochs, testAccuracy: last.testAccuracy, testLoss: last.testLoss, resumedFrom: startEpoch };
}
