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

export async function hostFromFlags(flags: Flags): Promise<LabHost> {
  const backend = backendFromFlags(flags);
  const host = new LabHost({ workspace: (flags.workspace as string | undefined) ?? defaultWorkspaceRoot(), backend });
  await host.workspace.open();
  return host;
}

/**
 * An AbortSignal fired by the first Ctrl-C (and by SIGTERM where asked: a Slurm task being cancelled or
 * reaching its time limit, which then saves its run as cancelled); a second Ctrl-C exits at once.
 */
export function interruptSignal(signals: readonly NodeJS.Signals[] = ['SIGINT']): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      if (name === 'SIGINT') process.exit(130);
      return;
    }
    process.stderr.write(name === 'SIGINT' ? '\ncancelling… (Ctrl-C again to quit now)\n' : `\n${name}: cancelling; the run is saved and resumes where it stopped\n`);
    controller.abort();
  };
  for (const s of signals) process.on(s, onSignal);
  return { signal: controller.signal, dispose: () => signals.forEach((s) => process.off(s, onSignal)) };
}
