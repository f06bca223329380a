import { writeFile } from 'node:fs/promises';
import { Session, type HeapProfiler } from 'node:inspector/promises';
import { frameLabel } from './call-frame.js';

// What the quote path keeps (npm run bench:quote -- --heap-prof): V8's sampling heap profiler over the tail run, in
// this process (the service). A sample leaves the profile when a scavenge frees its object, and stays when its object
// is alive at the end or was freed only by a mark-compact: what it reports is what outlived the young generation,
// the allocations that make scavenges long (they copy survivors) and fill the old generation that mark-compacts
// sweep. Without `includeObjectsCollectedByMajorGC` it would show only what is still alive at the end, and hide what
// was promoted and has since been swept.

export interface RetainedSite {
  /** `function (file:line)`, the frame that allocated. */
  readonly site: string;
  readonly kilobytes: number;
}

/** Runs `fn` under the sampling heap profiler; writes the profile and returns the sites whose objects most outlived the young generation. */
export async function withHeapProfile<T>(file: string, root: string, fn: () => Promise<T>): Promise<{ value: T; retained: readonly RetainedSite[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true });
    const value = await fn();
    const { profile } = await session.post('HeapProfiler.getSamplingProfile');
    await session.post('HeapProfiler.stopSampling');
    await writeFile(file, JSON.stringify(profile));
    const bySite = new Map<string, number>();
    const visit = (node: HeapProfiler.SamplingHeapProfileNode) => {
      if (node.selfSize > 0) {
        const site = frameLabel(node.callFrame, root);
        bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      }
      for (const child of node.children) visit(child);
    };
    visit(profile.head);
    const retained = [...bySite.entries()]
      .map(([site, bytes]) => ({ site, kilobytes: Math.round(bytes / 1024) }))
      .sort((a, b) => b.kilobytes - a.kilobytes)
      .slice(0, 15);
    return { value, retained };
  } finally {
    session.disconnect();
  }
}
