import { readFile, readdir } from 'node:fs/promises';

// CPU time of other processes on this machine, from Linux's /proc (the benchmark's figures need the store's and
// each service process's share, which no process reports about itself).

/** Linux reports process times in clock ticks of USER_HZ, 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;

/** User + system CPU time `pid` has used so far, in ms; null when it is gone or this is not Linux. */
export async function cpuMsOf(pid: number): Promise<number | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** The first process whose command line holds every one of `fragments`; null when none does. */
export async function findPid(fragments: readonly string[]): Promise<number | null> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (fragments.every((f) => commandLine.includes(f))) return Number(entry);
  }
  return null;
}

export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
}

/** CPU ms of each watched process now, by name (absent when unreadable). */
export async function cpuSnapshot(processes: readonly WatchedProcess[]): Promise<Map<string, number>> {
  const readings = await Promise.all(processes.map(async (p) => [p.name, await cpuMsOf(p.pid)] as const));
  return new Map(readings.flatMap(([name, ms]) => (ms === null ? [] : [[name, ms] as const])));
}

/** CPU ms each process used between two snapshots. */
export function cpuBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, ms] of after) {
    const start = before.get(name);
    if (start !== undefined) used[name] = ms - start;
  }
  return used;
}

/** CPU time the whole machine has spent busy so far (all cores, every process), in ms; null when unreadable. */
export async function machineBusyMs(): Promise<number | null> {
  let stat: string;
  try {
    stat = await readFile('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal ...
  const fields = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}
