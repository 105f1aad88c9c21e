/** The "Open Recent" list: the last few workspaces opened, kept in the user's app-data folder. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.ts';
import { defaultWorkspaceRoot } from './workspace.ts';

const MAX = 8;

export class RecentWorkspaces {
  private readonly file = join(dirname(defaultWorkspaceRoot()), 'saliency-bias-lab-recent.json');

  async list(): Promise<string[]> {
    try {
      return (JSON.parse(await readFile(this.file, 'utf8')) as string[]).slice(0, MAX);
    } catch {
      return []; // none yet, or unreadable
    }
  }

  async add(path: string): Promise<void> {
    const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, MAX);
    try {
      await writeFileAtomic(this.file, JSON.stringify(next));
    } catch {
      // A read-only home folder only loses the recent list, never work.
    }
  }
}
