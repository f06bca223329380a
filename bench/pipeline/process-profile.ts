import { readFile, readdir } from 'node:fs/promises';
import type { Profiler } from 'node:inspector';
import { join } from 'node:path';
import { selfTimeByBucket, type ProfileBucket, type SampleWindow } from '../quote/cpu-profile.js';

/** A service process's --cpu-prof file, cut to the measured window: CPU self time per order, by package or folder. */
export interface ProcessProfile {
  readonly file: string;
  readonly sampledMsPerOrder: number;
  readonly buckets: readonly ProfileBucket[];
}

/**
 * The main thread's profile in `dir`: --cpu-prof names each file CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile,
 * and the main thread is thread 0 (tsx's module loader thread writes one too).
 */
async function mainThreadProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile') && f.split('.')[4] === '0');
  const file = files[0];
  if (files.length !== 1 || file === undefined) throw new Error(`expected one main-thread profile in ${dir}, found ${String(files.length)}`);
  return join(dir, file);
}

export async function readProcessProfile(dir: string, root: string, window: SampleWindow, orders: number): Promise<ProcessProfile> {
  const file = await mainThreadProfile(dir);
  const profile = JSON.parse(await readFile(file, 'utf8')) as Profiler.Profile;
  const buckets = selfTimeByBucket(profile, root, window).map((b) => ({ bucket: b.bucket, selfMs: b.selfMs / orders }));
  return { file, sampledMsPerOrder: buckets.reduce((sum, b) => sum + b.selfMs, 0), buckets };
}
