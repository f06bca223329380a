import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { holdPartitionLeases, type PartitionLeases } from './partition-leases.js';

// The Bull adapter: one queue per job type, shared Redis connections, sane retry and retention defaults, logged
// failures, reconciled schedules and a bounded graceful close. Payloads carry ids (a fact's job may add a copy of the
// fact as inserted; see server/queues/job-types.ts).

export interface JobDefaults {
  /** Total tries, the first one included. */
  readonly attempts: number;
  /** First retry delay; each later one doubles (exponential backoff). */
  readonly backoffMs: number;
  /** How many completed / failed jobs each queue keeps for inspection. */
  readonly keepCompleted: number;
  readonly keepFailed: number;
}

export const DEFAULT_JOB_DEFAULTS: JobDefaults = { attempts: 8, backoffMs: 1000, keepCompleted: 1000, keepFailed: 5000 };

/** A repeatable job. `id` names the schedule so a restart finds and keeps it instead of adding a second one. */
export interface Schedule<Name extends string = string> {
  readonly queue: Name;
  readonly id: string;
  readonly everyMs: number;
}

export interface QueueSetOptions<Name extends string> {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly names: readonly Name[];
  readonly logger: Logger;
  readonly defaults?: Partial<JobDefaults>;
  /** Time limit of each command on the shared (non-blocking) connection; default 5 s. */
  readonly commandTimeoutMs?: number;
}

export interface EnqueueOptions {
  /** Makes a second enqueue of the same fact harmless while the first job is kept. Not the idempotency guarantee. */
  readonly jobId?: string;
  readonly delayMs?: number;
}

export type JobHandler<T> = (job: Bull.Job<T>) => Promise<unknown>;

/** Where a job stands, as far as its queue still remembers it (finished jobs are kept up to `keepCompleted`/`keepFailed`). */
export interface JobStatus<T> {
  readonly id: string;
  readonly data: T;
  /** QUEUED: waiting, delayed (a retry's backoff included) or paused; FAILED: failed for good, no tries left. */
  readonly state: 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  /** What the processor last reported, 0-100 (0 when it reports nothing). */
  readonly progressPct: number;
  readonly enqueuedAt: Date;
  readonly finishedAt: Date | null;
  readonly failedReason: string | null;
  /** What the processor returned, once completed. */
  readonly result: unknown;
}

// Bull refuses shared clients that retry per request or run a ready check on blocking connections.
const BULL_REDIS_OPTIONS: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: false };

/**
 * The shared command connection (Bull's 'client') may fail: adding a job, moving one along. While Redis is away a
 * command fails after one reconnection attempt instead of waiting for Redis to return, so a mutation that recorded
 * its fact answers (the sweeps enqueue the fact later) and a request that needs Redis gets a 503, not a hang.
 */
const commandClientOptions = (commandTimeoutMs: number): RedisOptions => ({ maxRetriesPerRequest: 1, enableReadyCheck: false, commandTimeout: commandTimeoutMs });

export class QueueSet<Payloads extends { [K in keyof Payloads]: object }> {
  private readonly queues = new Map<keyof Payloads & string, Bull.Queue>();
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly blockingClients: Redis[] = [];
  private readonly logger: Logger;
  private readonly prefix: string;
  private closing: Promise<void> | null = null;
  /** The schedules this process keeps (a worker's), restored whenever Redis comes back without them. */
  private keptSchedules: readonly Schedule<keyof Payloads & string>[] | null = null;
  private restoring = false;
  /** Jobs waiting for this turn's `addBulk`, per queue. */
  private readonly redisUrl: string;
  private readonly commandTimeoutMs: number;
  /** The partitions this process works, when it works partitioned queues; released first on close. */
  private leases: { readonly held: PartitionLeases; readonly redis: Redis } | null = null;
  private readonly pendingAdds = new Map<keyof Payloads & string, { data: object; opts: Bull.JobOptions; resolve: () => void; reject: (error: unknown) => void }[]>();

  constructor(options: QueueSetOptions<keyof Payloads & string>) {
    this.logger = options.logger;
    this.prefix = options.prefix;
    this.redisUrl = options.redisUrl;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    this.client = new Redis(options.redisUrl, commandClientOptions(this.commandTimeoutMs));
    this.subscriber = new Redis(options.redisUrl, BULL_REDIS_OPTIONS);
    for (const client of [this.client, this.subscriber]) {
      // Every queue listens on the shared connections; that many listeners is by design, not a leak.
      client.setMaxListeners(10 + options.names.length * 4);
      client.on('error', (err) => { this.logger.warn({ err }, 'redis connection error'); });
    }
    const defaults = { ...DEFAULT_JOB_DEFAULTS, ...options.defaults };
    for (const name of options.names) {
      const queue = new Bull(name, {
        prefix: options.prefix,
        createClient: (type) => {
          if (type === 'client') return this.client;
          if (type === 'subscriber') return this.subscriber;
          // Each processing queue blocks its own connection while it waits for work.
          const blocking = new Redis(options.redisUrl, BULL_REDIS_OPTIONS);
          blocking.on('error', (err) => { this.logger.warn({ err }, 'redis connection error'); });
          this.blockingClients.push(blocking);
          return blocking;
        },
        defaultJobOptions: {
          attempts: defaults.attempts,
          backoff: { type: 'exponential', delay: defaults.backoffMs },
          removeOnComplete: defaults.keepCompleted,
          removeOnFail: defaults.keepFailed,
        },
      });
      queue.on('failed', (job, err) => {
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        this.logger[final ? 'error' : 'warn'](
          { queue: name, jobId: job.id, attemptsMade: job.attemptsMade, err },
          final ? 'job failed for good' : 'job failed, will retry',
        );
      });
      queue.on('stalled', (job) => {
        this.logger.warn({ queue: name, jobId: job.id }, 'job stalled (its worker stopped answering); it runs again');
      });
      queue.on('error', (err) => { this.logger.error({ queue: name, err }, 'queue error'); });
      this.queues.set(name, queue);
    }
  }

  queue<K extends keyof Payloads & string>(name: K): Bull.Queue<Payloads[K]> {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue "${name}"`);
    return queue as Bull.Queue<Payloads[K]>;
  }

  /**
   * Adds a job. Jobs added to one queue at the same moment (in one turn of the event loop) go to Redis together, as
   * one `addBulk` (one round trip); each caller still learns whether its own add failed.
   */
  async enqueue<K extends keyof Payloads & string>(name: K, data: Payloads[K], options: EnqueueOptions = {}): Promise<void> {
    const opts: Bull.JobOptions = {
      ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
      ...(options.delayMs === undefined ? {} : { delay: options.delayMs }),
    };
    await new Promise<void>((resolve, reject) => {
      let waiting = this.pendingAdds.get(name);
      if (!waiting) {
        waiting = [];
        this.pendingAdds.set(name, waiting);
        setImmediate(() => { this.flushAdds(name); });
      }
      waiting.push({ data, opts, resolve, reject });
    });
  }

  private flushAdds(name: keyof Payloads & string): void {
    const waiting = this.pendingAdds.get(name) ?? [];
    this.pendingAdds.delete(name);
    if (waiting.length === 0) return;
    const queue: Bull.Queue<object> = this.queue(name);
    const added = waiting.length === 1 && waiting[0]
      ? queue.add(waiting[0].data, waiting[0].opts)
      : queue.addBulk(waiting.map((w) => ({ data: w.data, opts: w.opts })));
    added.then(
      () => { for (const w of waiting) w.resolve(); },
      (error: unknown) => { for (const w of waiting) w.reject(error); },
    );
  }

  /**
   * For sweeps: enqueues under `jobId`, or runs the job again if one with that id failed for good and is still
   * kept (Bull ignores an add under a kept id, so a plain enqueue could never revive it).
   */
  async enqueueOrRevive<K extends keyof Payloads & string>(name: K, data: Payloads[K], jobId: string): Promise<void> {
    const existing = await this.queue(name).getJob(jobId);
    if (existing && (await existing.isFailed())) {
      await existing.retry();
      return;
    }
    await this.enqueue(name, data, { jobId });
  }

  /** A job by id, or null when the queue has no such job (never added, or finished and no longer kept). */
  async jobStatus<K extends keyof Payloads & string>(name: K, jobId: string): Promise<JobStatus<Payloads[K]> | null> {
    const job = await this.queue(name).getJob(jobId);
    if (!job) return null;
    const state = await job.getState();
    const progress: unknown = job.progress();
    return {
      id: String(job.id),
      data: job.data,
      state: state === 'active' ? 'RUNNING' : state === 'completed' ? 'COMPLETED' : state === 'failed' ? 'FAILED' : 'QUEUED',
      progressPct: typeof progress === 'number' && Number.isFinite(progress) ? Math.min(100, Math.max(0, Math.round(progress))) : 0,
      enqueuedAt: new Date(job.timestamp),
      finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
      failedReason: state === 'failed' ? (job.failedReason ?? 'unknown') : null,
      result: state === 'completed' ? (job.returnvalue as unknown) : null,
    };
  }

  process<K extends keyof Payloads & string>(name: K, concurrency: number, handler: JobHandler<Payloads[K]>): void {
    this.queue(name).process(concurrency, handler).catch((err: unknown) => {
      this.logger.error({ queue: name, err }, 'queue processing loop stopped');
    });
  }

  /**
   * Works `names` as partitions of one stream of work: this process takes jobs from a partition only while it holds
   * the partition's lease, and the live processes share the partitions evenly (partition-leases.ts). Call once.
   */
  async processPartitioned<K extends keyof Payloads & string>(
    names: readonly K[],
    concurrency: number,
    handler: JobHandler<Payloads[K]>,
    lease: { readonly ttlMs?: number; readonly tickMs?: number } = {},
  ): Promise<readonly string[]> {
    if (this.leases) throw new Error('this queue set already works partitioned queues');
    // Paused here before they are worked: nothing is taken until the lease is held.
    for (const name of names) {
      await this.queue(name).pause(true);
      this.process(name, concurrency, handler);
    }
    const redis = new Redis(this.redisUrl, commandClientOptions(this.commandTimeoutMs));
    redis.on('error', (err) => { this.logger.warn({ err }, 'redis connection error'); });
    const held = await holdPartitionLeases({
      redis,
      prefix: this.prefix,
      partitions: names,
      holderId: randomUUID(),
      logger: this.logger,
      gain: (partition) => this.queue(partition as K).resume(true),
      lose: (partition) => this.queue(partition as K).pause(true),
      ...lease,
    });
    this.leases = { held, redis };
    return held.owned();
  }

  /** The partitions this process works now (empty when it works none). */
  ownedPartitions(): readonly string[] {
    return this.leases?.held.owned() ?? [];
  }

  /**
   * Makes the repeatable jobs of every queue exactly `schedules`: adds the missing ones, removes the ones no
   * longer wanted (an old interval after a configuration change, a schedule a release dropped). Safe to run on
   * every boot and from several processes at once: Bull keys a repeatable job by its id and interval, so adding it
   * twice keeps one.
   *
   * And keeps them so: a Redis that restarts without its data (or fails over to a replica that lacks them) loses
   * every schedule, the sweeps with them, and nothing but a worker's start would add them back. So the schedules
   * are reconciled again each time the connection is ready after a loss (found by the chaos suite, test/chaos).
   */
  async reconcileSchedules(schedules: readonly Schedule<keyof Payloads & string>[]): Promise<void> {
    if (!this.keptSchedules) {
      this.client.on('ready', () => { void this.restoreSchedules(); });
    }
    this.keptSchedules = schedules;
    await this.reconcileNow(schedules);
  }

  /** After a reconnection: reconcile, retrying with backoff until it succeeds or the set closes. */
  private async restoreSchedules(): Promise<void> {
    const schedules = this.keptSchedules;
    if (!schedules || this.restoring) return;
    this.restoring = true;
    try {
      for (let attempt = 1; !this.closing; attempt += 1) {
        try {
          await this.reconcileNow(schedules);
          return;
        } catch (err) {
          this.logger.warn({ err, attempt }, 'could not restore the schedules after Redis came back; trying again');
          await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
        }
      }
    } finally {
      this.restoring = false;
    }
  }

  private async reconcileNow(schedules: readonly Schedule<keyof Payloads & string>[]): Promise<void> {
    for (const name of this.queues.keys()) {
      // Scheduled jobs carry no payload: they read what they need when they run.
      const queue: Bull.Queue<object> = this.queue(name);
      const wanted = schedules.filter((s) => s.queue === name);
      const existing = await queue.getRepeatableJobs();
      for (const job of existing) {
        const keep = wanted.some((s) => s.id === job.id && job.every === s.everyMs);
        if (!keep) await queue.removeRepeatableByKey(job.key);
      }
      for (const schedule of wanted) {
        await queue.add({}, { jobId: schedule.id, repeat: { every: schedule.everyMs } });
      }
    }
  }

  /**
   * Keeps a short-lived value (a quote's offer) under `key`, below this set's prefix (so one hash tag holds everything
   * on Redis Cluster), for `ttlMs`. On the shared command connection: it fails fast while Redis is away.
   */
  async putExpiring(key: string, value: string, ttlMs: number): Promise<void> {
    await this.client.set(`${this.prefix}:${key}`, value, 'PX', ttlMs);
  }

  /** Adds 1 to `field` of the hash `key` (below this set's prefix), which expires `ttlMs` after its last count. */
  async countInHash(key: string, field: string, ttlMs: number): Promise<void> {
    await this.client.multi().hincrby(`${this.prefix}:${key}`, field, 1).pexpire(`${this.prefix}:${key}`, ttlMs).exec();
  }

  /** The hash `key` (below this set's prefix); empty when there is none. */
  readHash(key: string): Promise<Record<string, string>> {
    return this.client.hgetall(`${this.prefix}:${key}`);
  }

  /** A value `putExpiring` kept; null once it expired or Redis lost it. */
  getExpiring(key: string): Promise<string | null> {
    return this.client.get(`${this.prefix}:${key}`);
  }

  /** Sets `fields` of the hash `key` (below this set's prefix), which expires `ttlMs` after this write. */
  async putHashFields(key: string, fields: Readonly<Record<string, string>>, ttlMs: number): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    await this.client.multi().hset(`${this.prefix}:${key}`, fields).pexpire(`${this.prefix}:${key}`, ttlMs).exec();
  }

  /** One field of the hash `key` (below this set's prefix); null when the field or the hash is not there. */
  getHashField(key: string, field: string): Promise<string | null> {
    return this.client.hget(`${this.prefix}:${key}`, field);
  }

  /** Lets `key` (below this set's prefix) expire in `ttlMs`. */
  async expire(key: string, ttlMs: number): Promise<void> {
    await this.client.pexpire(`${this.prefix}:${key}`, ttlMs);
  }

  async ping(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => { resolve(false); }, timeoutMs);
    });
    try {
      return await Promise.race([this.client.ping().then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops taking jobs, waits up to `timeoutMs` for running ones to finish, then closes every connection. */
  close(timeoutMs: number): Promise<void> {
    this.closing ??= this.closeNow(timeoutMs);
    return this.closing;
  }

  private async closeNow(timeoutMs: number): Promise<void> {
    const queues = [...this.queues.values()];
    let timer: NodeJS.Timeout | undefined;
    const leases = this.leases;
    // Partitions first: their running jobs finish and their leases go to the other processes at once.
    const closeAll = async () => {
      if (leases) {
        await leases.held.stop();
        await leases.redis.quit().catch(() => { leases.redis.disconnect(); });
      }
      await Promise.all(queues.map((q) => q.close()));
    };
    const finished = await Promise.race([
      closeAll().then(() => true),
      new Promise<false>((resolve) => { timer = setTimeout(() => { resolve(false); }, timeoutMs); }),
    ]);
    clearTimeout(timer);
    for (const blocking of this.blockingClients) blocking.disconnect();
    if (!finished) {
      leases?.redis.disconnect();
      // Bull notices the lost lock and hands the job to another worker (stalled-job recovery).
      this.logger.warn({ timeoutMs }, 'jobs still running at the shutdown deadline; leaving them to be retried');
      this.client.disconnect();
      this.subscriber.disconnect();
      return;
    }
    await Promise.all([this.client, this.subscriber].map((c) => c.quit().catch(() => { c.disconnect(); })));
  }
}
