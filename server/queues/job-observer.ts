import { performance } from 'node:perf_hooks';
import type { JobHandler } from './queue-set.js';

/** How one run of a job ended: done, failed with tries left (Bull runs it again after a backoff), failed for good. */
export type JobOutcome = 'completed' | 'retried' | 'failed';

/** Hears every job run in this process (the process's metrics). Must be cheap and must not throw. */
export interface JobObserver {
  jobFinished(queue: string, outcome: JobOutcome, seconds: number): void;
}

export const NO_JOB_OBSERVER: JobObserver = { jobFinished: () => undefined };

/** The handler, timed and reported to the observer: each run once, with how it ended. */
export function observedHandler<T>(queue: string, handler: JobHandler<T>, observer: JobObserver): JobHandler<T> {
  if (observer === NO_JOB_OBSERVER) return handler;
  return async (job) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await handler(job);
      observer.jobFinished(queue, 'completed', seconds());
      return result;
    } catch (err) {
      // attemptsMade counts the runs that failed before this one.
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      observer.jobFinished(queue, lastTry ? 'failed' : 'retried', seconds());
      throw err;
    }
  };
}
