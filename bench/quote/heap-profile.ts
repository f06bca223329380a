import { writeFile } from 'node:fs/promises';
import { Session, type HeapProfiler } from 'node:inspector/promises';
import { frameLabel } from './call-frame.js';
import type { HeapProfileKind } from './options.js';

// Where the quote path's memory goes (npm run bench:quote -- --heap-prof | --alloc-prof): V8's sampling heap profiler
// over the tail run, in this process (the service).
// - `retained` (--heap-prof): a sample leaves the profile when a scavenge frees its object, and stays when its object
//   is alive at the end or was freed only by a mark-compact. What it reports is what outlived the young generation,
//   the allocations that make scavenges long (they copy survivors) and fill the old generation that mark-compacts
//   sweep. Without `includeObjectsCollectedByMajorGC` it would show only what is still alive at the end, and hide what
//   was promoted and has since been swept.
// - `allocated` (--alloc-prof): every sample stays (`includeObjectsCollectedByMinorGC` too): all that was allocated,
//   the garbage that makes scavenges frequent.

export interface HeapSite {
  /** `function (file:line)`, the frame that allocated. */
  readonly site: string;
  readonly kilobytes: number;
}

export interface HeapProfileResult<T> {
  readonly value: T;
  readonly kind: HeapProfileKind;
  /** The sampled bytes of every site, kB. */
  readonly totalKilobytes: number;
  /** The sites with the most sampled bytes, most first. */
  readonly sites: readonly HeapSite[];
}

/** Runs `fn` under the sampling heap profiler; writes the profile and returns the sites with the most sampled bytes. */
export async function withHeapProfile<T>(file: string, root: string, kind: HeapProfileKind, fn: () => Promise<T>): Promise<HeapProfileResult<T>> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: kind === 'allocated',
    });
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
    const totalBytes = [...bySite.values()].reduce((a, b) => a + b, 0);
    const sites = [...bySite.entries()]
      .map(([site, bytes]) => ({ site, kilobytes: bytes / 1024 }))
      .sort((a, b) => b.kilobytes - a.kilobytes)
      .slice(0, 15);
    return { value, kind, totalKilobytes: totalBytes / 1024, sites };
  } finally {
    session.disconnect();
  }
}

/**
 * The report's lines. `requests`: the requests the profiled run sent, its warm-up included; an `allocated` profile is
 * reported per request (sampled: the figures are estimates, good to a few per cent at these counts).
 */
export function describeHeapProfile(result: HeapProfileResult<unknown>, requests: number): string {
  const file = 'bench/results/quote-tail.heapprofile';
  if (result.kind === 'retained') {
    return [
      `What outlived the young generation during the tail (sampling heap profiler: alive at the end or freed only by a mark-compact; ${file}):`,
      ...result.sites.map((s) => `  ${String(Math.round(s.kilobytes)).padStart(8)} kB  ${s.site}`),
    ].join('\n');
  }
  const perRequest = (kilobytes: number) => (kilobytes / Math.max(1, requests)).toFixed(2);
  return [
    `What the service allocated during the tail, per request (${String(requests)} requests, the warm-up's included; sampling heap profiler, every allocation; ${file}): ${perRequest(result.totalKilobytes)} kB in all`,
    ...result.sites.map((s) => `  ${perRequest(s.kilobytes).padStart(8)} kB  ${s.site}`),
  ].join('\n');
}
