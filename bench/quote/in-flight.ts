import { subscribe } from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';

const isResponse = (value: unknown): value is ServerResponse =>
  typeof value === 'object' && value !== null && 'writableEnded' in value;

/**
 * Requests this process's HTTP servers are still working on, seen through Node's `http.server.request.start`
 * channel, so the service needs no hook. autocannon abandons the requests in flight when a run ends; the server
 * still finishes them, and that work must not spill into the next run.
 *
 * The tracker lets go of an ended response when the next request starts: held until a run's end, every response
 * (with its request, its logger and its middleware's closures) outlived the young generation, and the service's
 * garbage collection during the latency driver's runs was this tracker's, not the service's.
 */
export class InFlight {
  private readonly open = new Set<ServerResponse>();
  private handled = 0;

  constructor() {
    subscribe('http.server.request.start', (message) => {
      const response = typeof message === 'object' && message !== null && 'response' in message ? message.response : null;
      if (!isResponse(response)) return;
      this.count();
      this.open.add(response);
    });
  }

  /** Requests whose handlers have not ended their response yet; counts the ended ones as handled. */
  count(): number {
    for (const response of this.open) {
      if (response.writableEnded) {
        this.open.delete(response);
        this.handled += 1;
      }
    }
    return this.open.size;
  }

  /** Responses ended since the tracker started (including those to abandoned requests). */
  handledSoFar(): number {
    this.count();
    return this.handled;
  }

  /** Waits until every request received so far has been answered; throws after `limitMs`. */
  async settle(limitMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (this.count() > 0) {
      signal.throwIfAborted();
      if (Date.now() > deadline) throw new Error(`${String(this.open.size)} requests still unanswered ${String(limitMs / 1000)} s after a load run`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
