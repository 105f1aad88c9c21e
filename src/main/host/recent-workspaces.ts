/** The "Open Recent" list: the last few workspaces opened, kept in the user's app-data folder. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import { defaultWorkspaceRoot } from './workspace.ts';

const MAX = 8;

export class RecentWorkspaces {
  private readonly file = join(dirname(defaultWorkspaceRoot()), 'saliency-bias-lab-recent.json');

  list(): string[] {
    try {
      return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as string[]).slice(0, MAX) : [];
    } catch {
      return [];
    }
  }

  add(path: string): void {
    const next = [path, ...this.list().filter((p) => p !== path)].slice(0, MAX);
    try {
      writeFileAtomic(this.file, JSON.stringify(next));
    } catch {
      // A read-only home folder only loses the recent list, never work.
    }
  }
}
