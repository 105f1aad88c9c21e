/**
 * The command line: `saliency-lab <command> [flags]`. Every error ends in one line naming the file or
 * flag and the problem, and a non-zero exit; `--verbose` adds the stack.
 */
import { terminalSafe } from './terminal-text.ts';
import { closestName, didYouMean } from '../../shared/did-you-mean.ts';
import { parseArgs } from 'node:util';
import { LabError, type LabErrorKind, type SerializedError, serializeError } from '../../shared/result.ts';
import { messageWithRemedy } from '../../shared/remedy.ts';
import { SALIENCY_FLAGS, saliencyCommand } from './commands/saliency.ts';
import { DATASET_FLAGS, datasetCommand } from './commands/dataset.ts';
import { TRAIN_FLAGS, trainCommand } from './commands/train.ts';
import { EXPERIMENT_FLAGS, analyseCommand, analyseUsage, experimentCommand, experimentUsage, kindHelp } from './commands/experiment.ts';
import { REPORT_FLAGS, listCommand, reportCommand } from './commands/report.ts';
import { CARD_FLAGS, cardCommand } from './commands/card.ts';
import { SERVE_FLAGS, serveCommand } from './commands/serve.ts';
import { MODEL_FLAGS, MODEL_USAGE, modelCommand } from './commands/model.ts';
import { BATCH_FLAGS, BATCH_USAGE, batchCommand } from './commands/batch.ts';
import { ARCHIVE_FLAGS, ARCHIVE_USAGE, archiveCommand } from './commands/archive.ts';
import type { Flags } from './flags.ts';

const COMMON_FLAGS = { verbose: { type: 'boolean' }, help: { type: 'boolean' }, workspace: { type: 'string' } } as const;

interface Command {
  summary: string;
  flags: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  run: (flags: Flags, positionals: string[]) => Promise<void>;
  /** `--help` with positionals (`experiment blackbox --help`): a longer text than the summary, or null for the summary. */
  help?: (positionals: string[]) => string | null;
}

const COMMANDS: Record<string, Command> = {
  saliency: {
    summary: 'saliency --model PATH (TF.js LayersModel or GraphModel folder / model.json, or Keras ResNet .h5) --input FILE --method ID [--class N] [--q 98] [--percentile nearest|linear] [--padding-trick on|off] [--times-input on|off] [--keras1-graph pool1-pad|no-pool1-pad] [--backend auto|tensorflow|wasm|cpu] --out FILE.(json|npy)',
    flags: SALIENCY_FLAGS,
    run: (f) => saliencyCommand(f),
  },
  dataset: {
    summary: 'dataset blackbox [--source generated|imagenette|PATH] [--size 64] [--count 4000] [--seed 1] [--name NAME] [--json]',
    flags: DATASET_FLAGS,
    run: datasetCommand,
  },
  train: {
    summary: 'train --dataset ID [--epochs 10] [--batch 32] [--seed 1] [--lr 0.001] [--validation 0.1] [--snapshots N] [--backend ...] [--json]   |   train --resume RUN_ID [--json]',
    flags: TRAIN_FLAGS,
    run: (f) => trainCommand(f),
  },
  experiment: {
    summary: experimentUsage(),
    flags: EXPERIMENT_FLAGS,
    run: experimentCommand,
    help: (p) => kindHelp('experiment', p[0]),
  },
  analyse: {
    summary: analyseUsage(),
    flags: EXPERIMENT_FLAGS,
    run: analyseCommand,
    help: (p) => kindHelp('analyse', p[0]),
  },
  report: { summary: 'report --run ID [--pdf [--paper a4|letter]] [--json]   (report.html; --pdf also prints report.pdf with Chromium)', flags: REPORT_FLAGS, run: (f) => reportCommand(f) },
  card: { summary: 'card --run ID [--method M] [--format md|html|json] [--out FILE]   (Saliency Cards of a black-box run, from what the lab measured)', flags: CARD_FLAGS, run: (f) => cardCommand(f) },
  serve: { summary: 'serve [--port N] [--host 127.0.0.1] [--backend ...]   (the lab in a browser; prints a URL with a token)', flags: SERVE_FLAGS, run: (f) => serveCommand(f) },
  model: { summary: MODEL_USAGE, flags: MODEL_FLAGS, run: modelCommand },
  batch: { summary: BATCH_USAGE, flags: BATCH_FLAGS, run: batchCommand },
  archive: { summary: ARCHIVE_USAGE, flags: ARCHIVE_FLAGS, run: archiveCommand },
  list: { summary: 'list [--json]   (datasets and runs in the workspace)', flags: { json: { type: 'boolean' } }, run: (f) => listCommand(f) },
};

/**
 * One exit code per class of error (README, *Command line*): what the user gave is wrong or names
 * nothing (2), the work was cancelled (130, as a shell reports Ctrl-C), anything else failed (1).
 */
const EXIT_CODES: Record<LabErrorKind, number> = { 'bad-input': 2, 'not-found': 2, cancelled: 130, io: 1, engine: 1, internal: 1 };

/** Node's "Unknown option '--epoch'…" as one line naming the flag, with the closest flag of the command. */
function parseArgsMessage(e: Error, name: string, command: Command): string {
  const unknown = /^Unknown option '(--?[^']+)'/.exec(e.message);
  if (unknown === null) return e.message.split('\n')[0];
  const flag = unknown[1].replace(/^-+/, '');
  const close = closestName(flag, Object.keys({ ...COMMON_FLAGS, ...command.flags }));
  return `${unknown[1]}: not a flag of saliency-lab ${name}${close === null ? ` (saliency-lab ${name} --help lists them)` : `; did you mean --${close}?`}`;
}

function usage(): string {
  return ['usage: saliency-lab <command> [flags]', '', ...Object.values(COMMANDS).map((c) => `  saliency-lab ${c.summary}`), '', 'Every command takes --workspace DIR and --verbose.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    process.stderr.write(`error: unknown command "${terminalSafe(name)}"${didYouMean(name, Object.keys(COMMANDS))}\n${usage()}\n`);
    return 2;
  }
  let verbose = rest.includes('--verbose');
  try {
    const parsed = parseArgs({ args: rest, options: { ...COMMON_FLAGS, ...command.flags }, allowPositionals: true, strict: true });
    verbose = parsed.values.verbose === true;
    if (parsed.values.help === true) {
      process.stdout.write(`${command.help?.(parsed.positionals) ?? `saliency-lab ${command.summary}`}\n`);
      return 0;
    }
    await command.run(parsed.values as Flags, parsed.positionals);
    return 0;
  } catch (e) {
    const err = e instanceof LabError ? serializeError(e) : e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS') ? { kind: 'bad-input', message: parseArgsMessage(e, name, command) } : serializeError(e);
    process.stderr.write(`error: ${terminalSafe(messageWithRemedy(err as SerializedError, 'cli').split('\n')[0])}\n`);
    if (verbose && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
    return EXIT_CODES[err.kind as LabErrorKind] ?? 1;
  }
}
