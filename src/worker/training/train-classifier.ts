/**
 * Trains the experiment-1 classifier in a worker thread: Adam on softmax cross-entropy, seeded
 * shuffles, progress per batch (throttled) and per epoch with images/s and ETA, a checkpoint per
 * epoch, cancellation between batches, and resume from the last checkpoint.
 */
import { type TrainConfig, type TrainEvent, type TrainPreprocessing, runPreprocessing, runValidationFraction } from '../../shared/run.ts';
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

/** Seed stream of the validation split (prng.ts subSeed), apart from the test split's (20). */
const VALIDATION_STREAM = 21;

/**
 * The training split's images the model fits and those it is watched on each epoch: a stratified, seeded
 * `validationFraction` of them (none for runs recorded before it existed). The test split is not touched.
 */
function validationSplit(data: LoadedDataset, train: readonly number[], config: TrainConfig): { fit: number[]; validation: number[] } {
  const fraction = runValidationFraction(config);
  if (fraction <= 0) return { fit: [...train], validation: [] };
  const inner = stratifiedSplit(train.map((i) => data.items[i].label), fraction, config.seed, VALIDATION_STREAM);
  const fit = inner.train.map((k) => train[k]);
  if (fit.length === 0 || inner.test.length === 0) throw new LabError('bad-input', `dataset too small for a validation split of ${fraction}: ${train.length} training images`);
  return { fit, validation: inner.test.map((k) => train[k]) };
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
  const { fit, validation } = validationSplit(data, split.train, config);
  const optimizer = tf.train.adam(config.learningRate);
  const ptr = resume ? readLatestCheckpoint(runDir) : null;
  const model = ptr !== null ? await loadCheckpoint(runDir, ptr, optimizer) : buildBlackboxCnn(data.size, config.seed);
  const startEpoch = ptr?.epoch ?? 0;
  const labelOf = trainingLabels(data, fit, config);
  const preprocessing = runPreprocessing(config);
  const batches = Math.ceil(fit.length / config.batchSize);
  const totalImages = (config.epochs - startEpoch) * fit.length;
  const started = performance.now();
  let imagesDone = 0;
  let lastEmit = 0;
  let last = { loss: NaN, accuracy: NaN, testLoss: NaN, testAccuracy: NaN };
  try {
    for (let epoch = startEpoch + 1; epoch <= config.epochs; epoch++) {
      const order = permutation(fit.length, makeRng(subSeed(config.seed, 10, epoch))).map((k) => fit[k]);
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
      // With a validation split the test split is evaluated once, after the last epoch (issue 21); without
      // one (validationFraction 0, runs from before) it is watched every epoch, as it always was.
      const watched = validation.length > 0 ? evaluate(model, data, validation, 64, preprocessing) : null;
      const test = watched === null || epoch === config.epochs ? evaluate(model, data, split.test, 64, preprocessing) : null;
      await saveCheckpoint(runDir, epoch, model, optimizer);
      await afterEpoch?.(epoch);
      const ips = imagesDone / ((performance.now() - started) / 1000);
      last = { loss: lossSum / fit.length, accuracy: correct / fit.length, testLoss: test?.loss ?? NaN, testAccuracy: test?.accuracy ?? NaN };
      emit({
        type: 'epoch',
        epoch,
        epochs: config.epochs,
        loss: last.loss,
        accuracy: last.accuracy,
        ...(watched !== null ? { valLoss: watched.loss, valAccuracy: watched.accuracy } : {}),
        ...(test !== null ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
        imagesPerSecond: ips,
        etaSeconds: (totalImages - imagesDone) / ips,
        time: new Date().toISOString(),
      });
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
