import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Which code was measured: the commit, and the files changed on top of it outside bench/ (uncommitted work). */
export interface Provenance {
  readonly commit: string | null;
  readonly uncommittedOutsideBench: readonly string[];
}

export async function provenanceOf(root: string): Promise<Provenance> {
  try {
    // --no-optional-locks: read only, never taking the index lock another git command in this clone may need.
    const { stdout: commit } = await run('git', ['--no-optional-locks', 'rev-parse', 'HEAD'], { cwd: root });
    const { stdout: status } = await run('git', ['--no-optional-locks', 'status', '--porcelain'], { cwd: root });
    const changed = status
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((path) => path !== '' && !path.startsWith('bench/') && path !== 'package.json' && path !== 'BENCHMARKS.md');
    return { commit: commit.trim(), uncommittedOutsideBench: changed };
  } catch {
    return { commit: null, uncommittedOutsideBench: [] };
  }
}
