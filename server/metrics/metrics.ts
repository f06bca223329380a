import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { JobObserver, JobOutcome } from '../queues/job-observer.js';
import { CREDIT_ENTRY_KINDS, type CreditEntryKind } from '../domain/credit-ledger.js';
import type { ReplaySource, ServiceObserver } from '../services/service-observer.js';

// The process's Prometheus metrics (GET /metrics). One registry per process, not prom-client's global one, so tests
// can run several services in one Node process. Every label takes values from a bounded set: route templates, not
// URLs; operation names the client chose are capped in length and in number.

/** Queue states reported as depths, read from Bull's job counts on each scrape. */
export const QUEUE_DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueDepthState = (typeof QUEUE_DEPTH_STATES)[number];

export const REPLAY_SOURCES: readonly ReplaySource[] = ['ledger', 'choose_packaging', 'order_event', 'return'];

/** Labels for operations whose name is not known: the document did not parse or validate, or has no name. */
export const UNKNOWN_OPERATION = '__unknown';
export const ANONYMOUS_OPERATION = '__anonymous';
/** Operation names past the cap of distinct names share this label. */
export const OTHER_OPERATION = '__other';
export const MAX_OPERATION_NAMES = 200;
export const MAX_OPERATION_NAME_LENGTH = 64;

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];

export interface GraphQLOperationSample {
  /** The operation's name as written in the document; null for an anonymous one. */
  readonly name: string | null;
  /** query, mutation or subscription; null when the document never resolved to an operation. */
  readonly type: string | null;
  /** The code of the first error in the response; null when it has none. */
  readonly errorCode: string | null;
  readonly seconds: number;
}

/** What the queue depth gauge reads on each scrape. */
export interface QueueDepthSource {
  readonly names: readonly string[];
  jobCounts(name: string): Promise<Readonly<Record<QueueDepthState, number>>>;
}

export interface Metrics extends ServiceObserver, JobObserver {
  readonly registry: Registry;
  observeHttpRequest(method: string, route: string, status: number, seconds: number): void;
  observeGraphQLOperation(sample: GraphQLOperationSample): void;
  /** Reads the queues' depths on every scrape; `onError` hears why a scrape could not (the depths are then left out). */
  watchQueueDepths(source: QueueDepthSource, onError: (err: unknown) => void, timeoutMs?: number): void;
  /** Reads the in-flight bound's requests worked on and waiting on every scrape. */
  watchRequestsInFlight(state: () => { readonly inFlight: number; readonly queued: number }): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'greenloop_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status, from the first byte read to the last byte written.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const graphqlDuration = new Histogram({
    name: 'greenloop_graphql_operation_duration_seconds',
    help: `GraphQL operations by name (${ANONYMOUS_OPERATION} without one, ${UNKNOWN_OPERATION} when the document did not resolve, ${OTHER_OPERATION} past ${String(MAX_OPERATION_NAMES)} names), type and outcome (ok, or the first error's code).`,
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'greenloop_job_duration_seconds',
    help: 'Job runs in this process by queue and outcome: completed, retried (failed, tries left) or failed (for good). Its _count is the number of runs per outcome.',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  const ledgerEntries = new Counter({
    name: 'greenloop_ledger_entries_written_total',
    help: 'Credit ledger entries inserted by this process, by kind (replays are not entries).',
    labelNames: ['kind'] as const,
    registers,
  });
  const replays = new Counter({
    name: 'greenloop_idempotent_replays_total',
    help: 'Requests or jobs that met their fact already recorded and answered with it: ledger movements, choosePackaging, recordOrderEvent, recordReturn.',
    labelNames: ['source'] as const,
    registers,
  });
  const flaggedReturns = new Counter({
    name: 'greenloop_returns_flagged_total',
    help: 'Returns recorded by this process that the anomaly rules flagged (held for review), by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const overdueFacts = new Counter({
    name: 'greenloop_facts_overdue_total',
    help: 'Facts (choices, order events, returns) the hourly reconciliation found still unsettled 10 minutes after they were recorded, and re-enqueued; it mails the operator too.',
    registers,
  });
  overdueFacts.inc(0);
  // Known label values start at zero, so a rate is defined before the first event.
  for (const kind of CREDIT_ENTRY_KINDS) ledgerEntries.inc({ kind }, 0);
  for (const source of REPLAY_SOURCES) replays.inc({ source }, 0);
  for (const kind of ['UNIT', 'LOOSE']) flaggedReturns.inc({ kind }, 0);

  const operationNames = new Set<string>();
  function operationLabel(name: string | null, type: string | null): string {
    if (type === null) return UNKNOWN_OPERATION;
    if (name === null || name === '') return ANONYMOUS_OPERATION;
    const clean = name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, MAX_OPERATION_NAME_LENGTH);
    if (operationNames.has(clean)) return clean;
    if (operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    operationNames.add(clean);
    return clean;
  }

  return {
    registry,
    observeHttpRequest(method, route, status, seconds) {
      const upper = method.toUpperCase();
      httpDuration.observe({ method: HTTP_METHODS.has(upper) ? upper : 'OTHER', route, status: String(status) }, seconds);
    },
    observeGraphQLOperation(sample) {
      const type = sample.type !== null && OPERATION_TYPES.has(sample.type) ? sample.type : null;
      const outcome = sample.errorCode === null ? 'ok' : ERROR_CODE.test(sample.errorCode) ? sample.errorCode : 'UNKNOWN_ERROR';
      graphqlDuration.observe({ operation: operationLabel(sample.name, type), type: type ?? 'unknown', outcome }, sample.seconds);
    },
    jobFinished(queue: string, outcome: JobOutcome, seconds: number) {
      jobDuration.observe({ queue, outcome }, seconds);
    },
    ledgerEntryWritten(kind: CreditEntryKind) {
      ledgerEntries.inc({ kind });
    },
    idempotentReplay(source) {
      replays.inc({ source });
    },
    factsOverdue(count) {
      overdueFacts.inc(count);
    },
    returnFlagged(kind) {
      flaggedReturns.inc({ kind });
    },
    watchRequestsInFlight(state) {
      new Gauge({
        name: 'greenloop_graphql_requests_in_flight',
        help: 'GraphQL requests this process works on now (at most MAX_REQUESTS_IN_FLIGHT).',
        registers,
        collect() { this.set(state().inFlight); },
      });
      new Gauge({
        name: 'greenloop_graphql_requests_waiting',
        help: 'GraphQL requests waiting now for a place among those worked on (at most MAX_REQUESTS_QUEUED; one more is answered 503).',
        registers,
        collect() { this.set(state().queued); },
      });
    },
    watchQueueDepths(source, onError, timeoutMs = 2000) {
      new Gauge({
        name: 'greenloop_queue_jobs',
        help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis when scraped; absent while Redis does not answer.',
        labelNames: ['queue', 'state'] as const,
        registers,
        async collect() {
          this.reset();
          let timer: NodeJS.Timeout | undefined;
          try {
            const counts = await Promise.race([
              Promise.all(source.names.map(async (name) => [name, await source.jobCounts(name)] as const)),
              new Promise<never>((_resolve, reject) => {
                timer = setTimeout(() => { reject(new Error(`queue depths: Redis did not answer within ${String(timeoutMs)} ms`)); }, timeoutMs);
              }),
            ]);
            for (const [queue, count] of counts) {
              for (const state of QUEUE_DEPTH_STATES) this.set({ queue, state }, count[state]);
            }
          } catch (err) {
            onError(err);
          } finally {
            clearTimeout(timer);
          }
        },
      });
    },
  };
}
