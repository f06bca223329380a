import { join } from 'node:path';
import type { LoadSpec } from './autocannon.js';
import { selfTimeByBucket, withCpuProfile } from './cpu-profile.js';
import { measure, type Meter } from './measure.js';
import { ROUTES, type Route } from './report.js';

const TOP = 14;

/**
 * One profiled run per route; prints this process's CPU self time per request, by package or project folder, for
 * both routes side by side: where a quote spends what `{ __typename }` (HTTP, authentication, GraphQL) does not.
 */
export async function profileRoutes(
  root: string,
  resultsDir: string,
  specs: Readonly<Record<Route, LoadSpec>>,
  meter: Meter,
  signal: AbortSignal,
): Promise<string> {
  const perRequest: Record<Route, Map<string, number>> = { quote: new Map(), trivial: new Map() };
  const lines: string[] = [];
  for (const route of ROUTES) {
    const file = join(resultsDir, `quote-${route}.cpuprofile`);
    const { value: run, profile } = await withCpuProfile(file, () => measure(root, specs[route], meter, signal));
    const handled = Math.max(1, run.handledRequests);
    for (const { bucket, selfMs } of selfTimeByBucket(profile, root)) perRequest[route].set(bucket, selfMs / handled);
    const total = [...perRequest[route].values()].reduce((a, b) => a + b, 0);
    lines.push(`${route}: ${String(run.handledRequests)} requests, ${run.requestsPerSecond.toFixed(1)} req/s under the profiler, ${total.toFixed(2)} ms CPU/request sampled -> ${file}`);
  }
  const buckets = [...new Set([...perRequest.quote.keys(), ...perRequest.trivial.keys()])]
    .sort((a, b) => (perRequest.quote.get(b) ?? 0) - (perRequest.quote.get(a) ?? 0))
    .slice(0, TOP);
  const width = Math.max(...buckets.map((b) => b.length), 'self time by package'.length);
  lines.push('', `${'self time by package'.padEnd(width)}  quote ms/req  trivial ms/req`);
  for (const bucket of buckets) {
    const q = perRequest.quote.get(bucket) ?? 0;
    const t = perRequest.trivial.get(bucket) ?? 0;
    lines.push(`${bucket.padEnd(width)}  ${q.toFixed(3).padStart(12)}  ${t.toFixed(3).padStart(13)}`);
  }
  return lines.join('\n');
}
