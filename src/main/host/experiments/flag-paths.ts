/**
 * Whether a path that a flag names exists (`--source PATH`). Flag readers are synchronous
 * (config-from-flags.ts), so this one check blocks: once per parse of the flags (a CLI command, a batch
 * being submitted), on the one path given. The only synchronous fs of the kind definitions (issue 17).
 */
import { existsSync } from 'node:fs';

export const flagPathExists = (path: string): boolean => existsSync(path);
