import type { Profiler } from 'node:inspector/promises';
import { frameLabel } from './call-frame.js';

// What held the service's event loop up during the quote's tail (npm run bench:quote -- --stall-prof): the stretches
// of a CPU profile in which the main thread never went idle for longer than a threshold. A quote arriving in such a
// stretch waits for its end, so these are what a tail's p99 is made of. The profiler samples every 200 us from its own
// thread; a gap between two samples much longer than that means the whole process was off the CPU (the machine's
// other work ran), which is reported apart from the work that was sampled.

export interface Stall {
  /** From the stretch's first sample to its last, ms. */
  readonly ms: number;
  /** Of which, gaps of more than OFF_CPU_GAP_US between samples: the process was not running. */
  readonly offCpuMs: number;
  /** The functions sampled most (self time, ms), `name (file:line)`. */
  readonly top: readonly { readonly frame: string; readonly ms: number }[];
}

export interface StallReport {
  readonly thresholdMs: number;
  readonly sampledMs: number;
  /** Every stretch of continuous work longer than the threshold, longest first (at most 10 kept). */
  readonly stalls: readonly Stall[];
  readonly stallCount: number;
  /** What the stalls spent their time on, summed over all of them, ms. */
  readonly byFrame: readonly { readonly frame: string; readonly ms: number }[];
  /** Gaps between samples longer than OFF_CPU_GAP_US anywhere in the run: how often the process lost the CPU. */
  readonly offCpuGaps: number;
  readonly offCpuMs: number;
}

/** A gap between samples this long (10x the sampling interval) is the process off the CPU, not work. */
const OFF_CPU_GAP_US = 2000;

const top = (totals: Map<string, number>, n: number) =>
  [...totals.entries()].map(([frame, ms]) => ({ frame, ms: Math.round(ms * 10) / 10 })).sort((a, b) => b.ms - a.ms).slice(0, n);

export function stallsOf(profile: Profiler.Profile, root: string, thresholdMs = 20): StallReport {
  const frames = new Map(profile.nodes.map((node) => [node.id, frameLabel(node.callFrame, root)]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const stalls: Stall[] = [];
  const all = new Map<string, number>();
  let offCpuGaps = 0;
  let offCpuMs = 0;
  let sampledMs = 0;
  // The stretch being read: its time, its off-CPU share and its frames.
  let ms = 0;
  let off = 0;
  let frameMs = new Map<string, number>();
  const close = () => {
    if (ms > thresholdMs) {
      stalls.push({ ms: Math.round(ms * 10) / 10, offCpuMs: Math.round(off * 10) / 10, top: top(frameMs, 5) });
      for (const [frame, t] of frameMs) all.set(frame, (all.get(frame) ?? 0) + t);
    }
    ms = 0;
    off = 0;
    frameMs = new Map();
  };
  samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one: the time it stands for.
    const deltaUs = deltas[i] ?? 0;
    const frame = frames.get(id) ?? '(unknown)';
    sampledMs += deltaUs / 1000;
    if (deltaUs > OFF_CPU_GAP_US) {
      offCpuGaps += 1;
      offCpuMs += deltaUs / 1000;
    }
    if (frame === '(idle)') {
      close();
      return;
    }
    ms += deltaUs / 1000;
    if (deltaUs > OFF_CPU_GAP_US) off += deltaUs / 1000;
    frameMs.set(frame, (frameMs.get(frame) ?? 0) + deltaUs / 1000);
  });
  close();
  stalls.sort((a, b) => b.ms - a.ms);
  return {
    thresholdMs,
    sampledMs: Math.round(sampledMs),
    stalls: stalls.slice(0, 10),
    stallCount: stalls.length,
    byFrame: top(all, 15),
    offCpuGaps,
    offCpuMs: Math.round(offCpuMs),
  };
}

/** The report's lines for the benchmark's output. */
export function describeStalls(report: StallReport): string {
  const lines = [
    `What held the service's event loop up during the tail (CPU profile, bench/results/quote-tail.cpuprofile): ` +
      `${String(report.stallCount)} stretches of work over ${String(report.thresholdMs)} ms in ${String(report.sampledMs)} ms sampled; ` +
      `the process was off the CPU ${String(report.offCpuGaps)} times, ${String(report.offCpuMs)} ms in all`,
  ];
  for (const stall of report.stalls) {
    lines.push(`  ${stall.ms.toFixed(1).padStart(7)} ms (off the CPU ${stall.offCpuMs.toFixed(1)}): ${stall.top.map((t) => `${t.frame} ${t.ms.toFixed(1)}`).join('; ')}`);
  }
  lines.push('  all the stretches together, by function (self ms):');
  for (const f of report.byFrame) lines.push(`  ${f.ms.toFixed(1).padStart(9)}  ${f.frame}`);
  return lines.join('\n');
}
