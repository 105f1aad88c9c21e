/** Builds the LabHost a command uses from --workspace and --backend, and wires Ctrl-C to cancel. */
import { isBackendChoice } from '../../shared/engine.ts';
import { LabError } from '../../shared/result.ts';
import { LabHost } from '../host/lab-host.ts';
import { defaultWorkspaceRoot } from '../host/workspace.ts';
import type { Flags } from './flags.ts';

export function hostFromFlags(flags: Flags): LabHost {
  const backend = (flags.backend as string | undefined) ?? 'auto';
  if (!isBackendChoice(backend)) throw new LabError('bad-input', `--backend: expected auto, tensorflow, wasm or cpu, got "${backend}"`);
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
