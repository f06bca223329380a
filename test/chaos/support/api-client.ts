// GraphQL over HTTP as a careful client calls it while the service has outages: every answer is classified, the
// transient ones (the API process gone, 503, SERVICE_UNAVAILABLE, 429) are counted and the same request, with the
// same idempotency key, is sent again to the next API process until it gets a real answer.

import { systemNow } from '../../support/test-clock.js';

/** GraphQL error codes that mean "not now, try again". INTERNAL_SERVER_ERROR is retried too, but counted apart. */
export const TRANSIENT_CODES: readonly string[] = ['SERVICE_UNAVAILABLE'];

export interface UserError { readonly code: string; readonly field?: readonly string[] | null; readonly message?: string }

/** Counts of what came back, by class: `ok`, `network:refused`, `network:cut`, `http:503:SERVICE_UNAVAILABLE`, ... */
export type Tally = Record<string, number>;

export class UnexpectedAnswer extends Error {
  constructor(readonly what: string, readonly detail: string) {
    super(`${what}: ${detail}`);
    this.name = 'UnexpectedAnswer';
  }
}

interface Body {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { message?: string; extensions?: { code?: string } }[];
}

export interface ApiClientOptions {
  /** How long one logical request may keep being retried. */
  readonly giveUpAfterMs: number;
  /** How long one HTTP attempt may take. */
  readonly attemptTimeoutMs: number;
}

const DEFAULTS: ApiClientOptions = { giveUpAfterMs: 180_000, attemptTimeoutMs: 45_000 };

export class ApiClient {
  /** Answers by class, every attempt counted. */
  readonly tally: Tally = {};
  /** The first few answers of each failure class other than a lost connection: which operation, when, what it said. */
  readonly samples: Record<string, string[]> = {};
  /** HTTP requests sent (every attempt). */
  requests = 0;
  /** Logical calls made (each retried until answered). */
  calls = 0;
  private next = 0;
  private readonly options: ApiClientOptions;

  constructor(private readonly urls: readonly string[], options: Partial<ApiClientOptions> = {}, private readonly onAttempt: () => void = () => undefined) {
    if (urls.length === 0) throw new Error('no API URL');
    this.options = { ...DEFAULTS, ...options };
  }

  private count(what: string): void {
    this.tally[what] = (this.tally[what] ?? 0) + 1;
  }

  private sample(tally: string, text: string): void {
    if (tally.startsWith('network:')) return;
    const list = (this.samples[tally] ??= []);
    if (list.length < 3) list.push(text.slice(0, 400));
  }

  /**
   * Sends the operation until it gets data; returns the data. A GraphQL error that is not transient (a bad query,
   * UNAUTHENTICATED, ...) throws UnexpectedAnswer: the workload never sends one on purpose.
   */
  async call<T>(what: string, key: string, query: string, variables: Record<string, unknown>): Promise<T> {
    this.calls += 1;
    const deadline = performance.now() + this.options.giveUpAfterMs;
    let pause = 100;
    let lastProblem: string;
    for (let attempt = 1; ; attempt += 1) {
      const url = this.urls[this.next % this.urls.length] ?? '';
      const outcome = await this.attempt(url, key, query, variables);
      this.onAttempt();
      if (outcome.kind === 'data') {
        this.count('ok');
        return outcome.data as T;
      }
      this.count(outcome.tally);
      this.sample(outcome.tally, `${what} at ${systemNow().toISOString()}: ${outcome.kind === 'fatal' ? outcome.detail : outcome.detail ?? ''}`);
      if (outcome.kind === 'fatal') throw new UnexpectedAnswer(what, outcome.detail);
      lastProblem = outcome.tally;
      // Another API process is likely up while this one is not.
      this.next += 1;
      if (performance.now() > deadline) throw new UnexpectedAnswer(what, `no answer after ${String(attempt)} attempts (${String(this.options.giveUpAfterMs)} ms); last: ${lastProblem}`);
      await new Promise((resolve) => setTimeout(resolve, outcome.retryAfterMs ?? pause));
      pause = Math.min(2000, pause * 2);
    }
  }

  /** One attempt, not retried: how the API answers right now (`ok`, or the class of the failure). */
  async once(key: string, query: string, variables: Record<string, unknown> = {}): Promise<string> {
    const outcome = await this.attempt(this.urls[this.next % this.urls.length] ?? '', key, query, variables);
    this.next += 1;
    return outcome.kind === 'data' ? 'ok' : outcome.tally;
  }

  private async attempt(url: string, key: string, query: string, variables: Record<string, unknown>): Promise<
    | { kind: 'data'; data: unknown }
    | { kind: 'retry'; tally: string; retryAfterMs?: number; detail?: string }
    | { kind: 'fatal'; tally: string; detail: string }
  > {
    this.requests += 1;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.attemptTimeoutMs),
      });
    } catch (error) {
      return { kind: 'retry', tally: `network:${networkProblem(error)}` };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      return { kind: 'retry', tally: `network:${networkProblem(error)}` };
    }
    let body: Body | null;
    try {
      body = JSON.parse(text) as Body;
    } catch {
      body = null;
    }
    const code = body?.errors?.[0]?.extensions?.code ?? (body ? 'NO_CODE' : 'NOT_JSON');
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      return { kind: 'retry', tally: `http:429:${code}`, retryAfterMs: Math.min(10_000, Math.max(100, (Number.isFinite(seconds) ? seconds : 1) * 1000)) };
    }
    const message = body?.errors?.map((e) => e.message ?? '').join('; ') ?? text;
    if (response.status >= 500) return { kind: 'retry', tally: `http:${String(response.status)}:${code}`, detail: message.slice(0, 300) };
    if (!body) return { kind: 'fatal', tally: `http:${String(response.status)}:NOT_JSON`, detail: `HTTP ${String(response.status)}: ${text.slice(0, 300)}` };
    if (body.errors && body.errors.length > 0) {
      if (TRANSIENT_CODES.includes(code) || code === 'INTERNAL_SERVER_ERROR') return { kind: 'retry', tally: `graphql:${String(response.status)}:${code}`, detail: message.slice(0, 300) };
      return { kind: 'fatal', tally: `graphql:${String(response.status)}:${code}`, detail: `HTTP ${String(response.status)} ${code}: ${body.errors.map((e) => e.message ?? '').join('; ').slice(0, 300)}` };
    }
    if (response.status !== 200 || !body.data) return { kind: 'fatal', tally: `http:${String(response.status)}:NO_DATA`, detail: text.slice(0, 300) };
    return { kind: 'data', data: body.data };
  }
}

/** What happened to a request that got no HTTP answer: refused (no process), cut (it died mid-request), timeout. */
export function networkProblem(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timeout';
  const cause = error instanceof Error ? (error as Error & { cause?: { code?: string } }).cause : undefined;
  const code = cause?.code ?? (error as { code?: string } | null)?.code ?? '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return 'cut';
  return `other-${code === '' ? 'unknown' : code}`;
}

/** Adds samples into others, a few per class. */
export function addSamples(into: Record<string, string[]>, from: Readonly<Record<string, readonly string[]>>): void {
  for (const [what, texts] of Object.entries(from)) into[what] = [...(into[what] ?? []), ...texts].slice(0, 5);
}

/** Adds one tally into another. */
export function addTally(into: Tally, from: Readonly<Tally>): void {
  for (const [what, n] of Object.entries(from)) into[what] = (into[what] ?? 0) + n;
}
