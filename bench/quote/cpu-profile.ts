import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Session, type Profiler, type Runtime } from 'node:inspector/promises';

/** Runs `fn` under V8's sampling profiler (this process only) and writes a .cpuprofile that Chrome DevTools opens. */
export async function withCpuProfile<T>(file: string, fn: () => Promise<T>): Promise<{ value: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      await session.post('Profiler.stop').catch(() => undefined);
      throw error;
    }
    const { profile } = await session.post('Profiler.stop');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    return { value, profile };
  } finally {
    session.disconnect();
  }
}

/** Where a sampled function lives: an npm package, a folder of this project, Node itself, or V8. */
function bucketOf(frame: Runtime.CallFrame, root: string): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  if (url.startsWith('node:')) return 'node core';
  const path = url.replace(/^file:\/\//, '');
  const packages = path.split('/node_modules/');
  if (packages.length > 1) {
    const [first = '', second = ''] = (packages.at(-1) ?? '').split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (path.startsWith(`${root}/`)) return `project ${path.slice(root.length + 1).split('/')[0] ?? ''}/`;
  return path;
}

export interface ProfileBucket {
  readonly bucket: string;
  readonly selfMs: number;
}

/** A stretch of V8's monotonic clock, in microseconds (the clock of `profile.startTime` and `process.hrtime`). */
export interface SampleWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/**
 * Self time per bucket, largest first, without idle time and without the profiler's own stopping; only the samples
 * taken within `window` when one is given (a profile of a whole process life, cut to the measured part).
 */
export function selfTimeByBucket(profile: Profiler.Profile, root: string, window?: SampleWindow): ProfileBucket[] {
  const bucketOfNode = new Map(profile.nodes.map((node) => [node.id, bucketOf(node.callFrame, root)]));
  const own = profile.nodes.filter((node) => node.callFrame.functionName === withCpuProfile.name);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (let node = own.pop(); node; node = own.pop()) {
    bucketOfNode.set(node.id, '(profiler)');
    for (const child of node.children ?? []) {
      const found = byId.get(child);
      if (found) own.push(found);
    }
  }
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  samples.forEach((id, i) => {
    at += deltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const bucket = bucketOfNode.get(id) ?? '(unknown)';
    totals.set(bucket, (totals.get(bucket) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  totals.delete('(idle)');
  totals.delete('(profiler)');
  return [...totals.entries()].map(([bucket, selfMs]) => ({ bucket, selfMs })).sort((a, b) => b.selfMs - a.selfMs);
}
