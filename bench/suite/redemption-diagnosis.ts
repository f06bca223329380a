import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { selfTimeByBucket, withCpuProfile, type ProfileBucket } from '../quote/cpu-profile.js';
import type { LatencyResult } from './latency-driver.js';

// Where a redemption's time goes (npm run bench -- --only growth --diagnose): one more saturation run after the
// measured ones, under V8's sampling profiler (this process: the service), counting the store commands the service
// sends (the driver's command monitoring, on only when diagnosing: it costs time of its own). Its rate is not a
// figure: profiling and monitoring slow the service.

export interface StoreCommandCount {
  /** `command collection`, e.g. `find credit_entries`. */
  readonly call: string;
  readonly perRedemption: number;
  /** From sending the command to its reply, mean. */
  readonly meanMs: number;
}

export interface RedemptionDiagnosis {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly storeCalls: readonly StoreCommandCount[];
  readonly storeCallsPerRedemption: number;
  /** Service CPU self time per redemption, by package or project folder. */
  readonly profile: readonly ProfileBucket[];
  readonly profileFile: string;
}

interface CommandEvent {
  readonly requestId: number;
  readonly commandName: string;
  readonly command?: Record<string, unknown>;
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits;

export async function diagnoseRedemptions(
  connection: Connection,
  root: string,
  resultsDir: string,
  run: () => Promise<LatencyResult>,
): Promise<RedemptionDiagnosis> {
  const client = connection.getClient();
  const started = new Map<number, { call: string; at: number }>();
  const tallies = new Map<string, { calls: number; totalMs: number }>();
  const onStart = (event: CommandEvent) => {
    const collection = event.command?.[event.commandName];
    started.set(event.requestId, { call: `${event.commandName} ${typeof collection === 'string' ? collection : ''}`.trim(), at: performance.now() });
  };
  const onEnd = (event: CommandEvent) => {
    const begun = started.get(event.requestId);
    if (!begun) return;
    started.delete(event.requestId);
    const tally = tallies.get(begun.call) ?? { calls: 0, totalMs: 0 };
    tally.calls += 1;
    tally.totalMs += performance.now() - begun.at;
    tallies.set(begun.call, tally);
  };
  client.on('commandStarted', onStart);
  client.on('commandSucceeded', onEnd);
  client.on('commandFailed', onEnd);
  const profileFile = join(resultsDir, 'redemption.cpuprofile');
  try {
    const { value: result, profile } = await withCpuProfile(profileFile, run);
    const n = Math.max(1, result.requests);
    const storeCalls = [...tallies.entries()]
      .filter(([call]) => !/^(hello|isMaster|ping|endSessions)\b/.test(call))
      .map(([call, t]) => ({ call, perRedemption: round(t.calls / n, 3), meanMs: round(t.totalMs / Math.max(1, t.calls), 2) }))
      .sort((a, b) => b.perRedemption - a.perRedemption);
    return {
      requests: result.requests,
      requestsPerSecond: round(result.requestsPerSecond, 1),
      storeCalls,
      storeCallsPerRedemption: round(storeCalls.reduce((sum, c) => sum + c.perRedemption, 0), 3),
      profile: selfTimeByBucket(profile, root).map((b) => ({ bucket: b.bucket, selfMs: round(b.selfMs / n, 3) })),
      profileFile,
    };
  } finally {
    client.off('commandStarted', onStart);
    client.off('commandSucceeded', onEnd);
    client.off('commandFailed', onEnd);
  }
}
