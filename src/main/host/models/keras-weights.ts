/**
 * The real Keras ResNet50 ImageNet weights (with the top), downloaded on request through the lab's
 * resumable downloader and checked against the hash Keras publishes. The URL and hash are fixed here,
 * never typed by users: keras/applications/resnet.py (BASE_WEIGHTS_PATH, WEIGHTS_HASHES['resnet50'][0],
 * a 32-hex-digit file_hash, which keras.utils.get_file checks as MD5).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { exists } from '../workspace-check.ts';
import { LabError } from '../../../shared/result.ts';
import { downloadWithResume } from '../download.ts';

export const KERAS_RESNET50 = {
  id: 'keras-resnet50',
  fileName: 'resnet50_weights_tf_dim_ordering_tf_kernels.h5',
  url: 'https://storage.googleapis.com/tensorflow/keras-applications/resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5',
  md5: '2cb95161c43110f7111970584f804107',
} as const;

async function fileMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface VerifiedDownload {
  url: string;
  dest: string;
  md5: string;
  signal?: AbortSignal;
  onProgress?: (received: number, total: number) => void;
}

/**
 * Downloads `url` to `dest` (resuming a cut transfer from `dest.download.part`), then checks its MD5: a
 * wrong file is removed and refused in one line; `dest` appears only when it is right.
 */
export async function downloadVerified(opts: VerifiedDownload): Promise<string> {
  if (await exists(opts.dest)) return opts.dest;
  const staged = `${opts.dest}.download`;
  await downloadWithResume(opts.url, staged, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    offline: { command: 'without a network: saliency-lab model import FILE.h5, then --weights with its name', inApp: 'without a network, import the weights from a local .h5 file (Models → Import with its path) and pick that model as the weights' },
  });
  const digest = await fileMd5(staged);
  if (digest !== opts.md5.toLowerCase()) {
    await rm(staged, { force: true });
    throw new LabError('io', `${opts.url}: integrity check failed (md5 ${digest}, expected ${opts.md5}); the downloaded file was removed`);
  }
  await rename(staged, opts.dest);
  return opts.dest;
}
