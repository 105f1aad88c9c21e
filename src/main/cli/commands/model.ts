/**
 * `saliency-lab model import PATH|URL [--name N] [--preprocessing P] [--keras1-graph G] [--json]` and `model list [--json]`:
 * the workspace's model cache (Keras .h5 ResNet weights, TF.js LayersModels and GraphModels), each with its
 * input size, preprocessing and class names.
 */
import { isPreprocessingId, PREPROCESSING_IDS } from '../../../shared/preprocessing.ts';
import { LabError } from '../../../shared/result.ts';
import type { ModelManifest } from '../../../shared/models.ts';
import { KerasGraphSchema } from '../../../shared/schemas/models.ts';
import { ModelStore } from '../../host/models/model-store.ts';
import type { Flags } from '../flags.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { progressLine } from '../progress.ts';

export const MODEL_FLAGS = { name: { type: 'string' }, preprocessing: { type: 'string' }, 'keras1-graph': { type: 'string' }, json: { type: 'boolean' } } as const;

export const MODEL_USAGE =
  'model import PATH|URL [--name N] [--preprocessing unit|paper|caffe|torch|minus1to1] [--keras1-graph pool1-pad|no-pool1-pad] [--json]   |   model list [--json]';

function line(m: ModelManifest): string {
  if (m.broken !== undefined) return `${m.id}  broken: ${m.broken}`;
  return `${m.id}  ${m.name}  ${m.kind}  ${m.inputSize.join('×')}  ${m.preprocessing}  ${m.outputCount} outputs${m.classNames ? ` (${m.classNames})` : ''}  ${m.architecture}${m.kerasGraph ? `  ${m.kerasGraph}` : ''}`;
}

export async function modelCommand(flags: Flags, positionals: string[]): Promise<void> {
  const [action, source, ...extra] = positionals;
  if (action !== 'import' && action !== 'list') throw new LabError('bad-input', `model: expected "import" or "list", got "${action ?? ''}"`);
  if (extra.length > 0) throw new LabError('bad-input', `model ${action}: unexpected argument "${extra[0]}"`);
  const preprocessing = flags.preprocessing;
  if (preprocessing !== undefined && !isPreprocessingId(preprocessing)) throw new LabError('bad-input', `--preprocessing: expected one of ${PREPROCESSING_IDS.join(', ')}, got "${String(preprocessing)}"`);
  const graph = flags['keras1-graph'];
  const kerasGraph = graph === undefined ? undefined : KerasGraphSchema.safeParse(graph);
  if (kerasGraph !== undefined && !kerasGraph.success) throw new LabError('bad-input', `--keras1-graph: ${kerasGraph.error.issues[0].message}`);
  if (action === 'import' && source === undefined) throw new LabError('bad-input', 'model import: give a path or URL (a Keras .h5 file, a TF.js model folder or model.json)');
  if (action === 'list' && (source !== undefined || flags.name !== undefined || graph !== undefined)) throw new LabError('bad-input', 'model list takes no arguments but --json');
  const host = await hostFromFlags(flags);
  const store = new ModelStore(host);
  const { signal, dispose } = interruptSignal();
  const progress = progressLine();
  try {
    if (action === 'list') {
      const models = await store.list();
      if (flags.json === true) process.stdout.write(JSON.stringify(models) + '\n');
      else process.stdout.write(models.length === 0 ? `no models in ${store.dir}\n` : models.map(line).join('\n') + '\n');
      return;
    }
    const m = await store.import(source!, {
      name: typeof flags.name === 'string' ? flags.name : undefined,
      preprocessing: preprocessing as ModelManifest['preprocessing'] | undefined,
      kerasGraph: kerasGraph?.data,
      signal,
      onProgress: (done, total, stage) => progress.update(done, total, stage),
    });
    progress.end();
    if (flags.json === true) process.stdout.write(JSON.stringify(m) + '\n');
    else process.stderr.write(`imported ${line(m)}\n${m.notes.map((n) => `  note: ${n}\n`).join('')}`);
  } finally {
    progress.end();
    dispose();
    await host.close();
  }
}
