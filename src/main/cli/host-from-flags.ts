/** Builds the LabHost a command uses from --workspace and --backend, and wires Ctrl-C to cancel. */
import { z } from 'zod';
import type { BackendChoice } from '../../shared/engine.ts';
import { BackendChoiceSchema } from '../../shared/schemas/run.ts';
import { LabHost } from '../host/lab-host.ts';
import { defaultWorkspaceRoot } from '../host/workspace.ts';
import { type Flags, given, parseFlags } from './flags.ts';

const BackendFlagSchema = z.strictObject({ backend: BackendChoiceSchema.default('auto') });

/** --backend, checked with the contract's schema (default auto). */
export function backendFromFlags(flags: Flags): BackendChoice {
  return parseFlags(BackendFlagSchema, given({ backend: flags.backend }), { backend: 'backend' }).backend;
}

export function hostFromFlags(flags: Flags): LabHost {
  const backend = backendFromFlags(flags);
  const host = new LabHost({ workspace: (flags.workspace as string | undefined) ?? defaultWorkspaceRoot(), backend });
  host.workspace.open();
  return host;
}

/** An AbortSignal fired by the first Ctrl-C; a second Ctrl-C exits at once. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onInt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling… (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onInt);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onInt) };
}
