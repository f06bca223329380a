// A GraphQL client for the load drivers (bench/suite/latency-driver.ts, bench/pipeline/load-driver.ts): HTTP/1.1
// written straight to kept-alive TCP sockets, one request at a time on each (no pipelining), as wrk and autocannon do.
// node:http's client (an Agent, a ClientRequest, an IncomingMessage and their streams per request) cost the driver as
// much CPU per request as the quote costs the service, on the same two cores; this costs a small share of it, so the
// service gets the machine it is measured on. Every answer is still read whole and checked: status 200, a JSON body
// with `data` and no `errors`.
import { connect, type Socket } from 'node:net';
import { dataOf, requestBody, type TypedDocumentString } from '../graphql-operations.js';

export interface GraphqlClient {
  /** POSTs one operation; returns its typed `data`, or throws on a non-200 answer or any GraphQL error. */
  post<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult>;
  /** Requests sent again because the service closed a kept-alive socket as they were written (see `Connection`). */
  readonly resent: number;
  close(): void;
}

interface Reply {
  readonly status: number;
  readonly text: string;
}

interface Pending {
  readonly head: string;
  readonly body: string;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:\s*chunked/i;

/** One kept-alive connection with at most one request on it. */
class Connection {
  private readonly socket: Socket;
  private pending: Pending | null = null;
  /** Whether a request was answered on this socket before: a reset on a reused socket is the keep-alive race. */
  private reused = false;
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private closed = false;

  constructor(port: number, host: string, private readonly onIdle: (c: Connection) => void, private readonly onGone: (c: Connection, retry: Pending | null) => void) {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      try {
        this.read(chunk);
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)), false);
      }
    });
    this.socket.on('error', (error: Error) => { this.fail(error); });
    this.socket.on('close', () => { this.fail(new Error('the service closed the connection')); });
  }

  send(pending: Pending): void {
    this.pending = pending;
    this.socket.write(pending.head + pending.body);
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    const all = this.received.length === 1 ? chunk : Buffer.concat(this.received, this.receivedBytes);
    const headerEnd = all.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = all.toString('latin1', 0, headerEnd);
    if (CHUNKED.test(head)) throw new Error('the service answered chunked; the latency driver reads Content-Length answers only');
    const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? NaN);
    if (!Number.isInteger(length)) throw new Error(`an answer without Content-Length: ${head.slice(0, 200)}`);
    const bodyStart = headerEnd + HEADER_END.length;
    if (all.length < bodyStart + length) {
      this.received = [all];
      return;
    }
    if (all.length > bodyStart + length) throw new Error('the service sent more than one answer on a connection with one request');
    this.received = [];
    this.receivedBytes = 0;
    const pending = this.pending;
    this.pending = null;
    this.reused = true;
    if (pending === null) throw new Error('an answer to no request');
    // "HTTP/1.1 200 OK": the status is the second word.
    pending.resolve({ status: Number(head.slice(9, 12)), text: all.toString('utf8', bodyStart) });
    this.onIdle(this);
  }

  private fail(error: Error, mayResend = true): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const pending = this.pending;
    this.pending = null;
    // The service closes a kept-alive socket it found idle; a request written as it did so never reached it and is
    // sent again on a new socket, as node:http's documentation tells clients to. Anything else is the run's failure.
    if (mayResend && pending !== null && this.reused && this.receivedBytes === 0) {
      this.onGone(this, pending);
      return;
    }
    this.onGone(this, null);
    pending?.reject(error);
  }
}

export function createGraphqlClient(graphqlUrl: string, apiKey: string, maxSockets: number): GraphqlClient {
  const url = new URL(graphqlUrl);
  const port = Number(url.port);
  const headBase = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nAuthorization: Bearer ${apiKey}\r\nContent-Length: `;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: Pending[] = [];
  let resent = 0;

  const dispatch = (pending: Pending): void => {
    const connection = idle.pop();
    if (connection !== undefined) {
      connection.send(pending);
    } else if (all.size < maxSockets) {
      const fresh = new Connection(port, url.hostname, onIdle, onGone);
      all.add(fresh);
      fresh.send(pending);
    } else {
      waiting.push(pending);
    }
  };
  function onIdle(connection: Connection): void {
    const next = waiting.shift();
    if (next !== undefined) connection.send(next);
    else idle.push(connection);
  }
  function onGone(connection: Connection, retry: Pending | null): void {
    all.delete(connection);
    const at = idle.indexOf(connection);
    if (at >= 0) idle.splice(at, 1);
    if (retry !== null) {
      resent += 1;
      dispatch(retry);
    } else {
      const next = waiting.shift();
      if (next !== undefined) dispatch(next);
    }
  }
  const send = (body: string) =>
    new Promise<Reply>((resolve, reject) => {
      dispatch({ head: `${headBase}${String(Buffer.byteLength(body))}\r\n\r\n`, body, resolve, reject });
    });

  return {
    async post(document, variables) {
      const { status, text } = await send(requestBody(document, variables));
      return dataOf(document, status, text);
    },
    get resent() {
      return resent;
    },
    close() {
      for (const connection of all) connection.destroy();
      all.clear();
      idle.length = 0;
    },
  };
}
