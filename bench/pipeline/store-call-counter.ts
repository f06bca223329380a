import { connect, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { isRecord } from '../graphql-operations.js';

// A loopback TCP proxy in front of the store that counts the commands a service process sends, without touching
// the service: each process gets its own proxy, so the counts say which process made which call. Each command is
// named with its collection and how the embedded store (FerretDB 1.24 on SQLite) can serve it: FerretDB pushes a
// filter down to SQLite only when it is exactly `{_id: <string or ObjectId>}`; any other filter reads and decodes
// every document of the collection ("scan").

const OP_MSG = 2013;
const CHECKSUM_PRESENT = 1;

export type Access = 'by _id' | 'scan' | 'write' | '';

export interface StoreCall {
  readonly command: string;
  readonly collection: string;
  readonly access: Access;
}

/** How often a kind of call was made, and the time from sending it to its reply, summed. */
export interface StoreCallTally {
  calls: number;
  totalMs: number;
}

export interface StoreCallCounter {
  readonly port: number;
  /** Forgets what was counted and counts from now on. */
  start(): void;
  /** Stops counting; returns the calls counted since `start`, by `command collection (access)`. */
  stop(): Map<string, StoreCallTally>;
  close(): Promise<void>;
}

function accessOf(filter: unknown): Access {
  if (!isRecord(filter)) return 'scan';
  const keys = Object.keys(filter);
  const id = filter._id;
  const pushedDown = keys.length === 1 && (typeof id === 'string' || (isRecord(id) && id._bsontype === 'ObjectId'));
  return pushedDown ? 'by _id' : 'scan';
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? (value as unknown[])[0] : undefined;
}

/** The command an OP_MSG carries; null for anything else (the legacy handshake, compressed messages). */
export function describeMessage(message: Buffer): StoreCall | null {
  if (message.readInt32LE(12) !== OP_MSG) return null;
  const flags = message.readUInt32LE(16);
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let body: mongoose.mongo.BSON.Document | null = null;
  const sequences = new Map<string, mongoose.mongo.BSON.Document[]>();
  for (let offset = 20; offset < end;) {
    const kind = message.readUInt8(offset);
    const size = message.readInt32LE(offset + 1);
    if (kind === 0) {
      body = mongoose.mongo.BSON.deserialize(message.subarray(offset + 1, offset + 1 + size));
    } else {
      // A document sequence: its size, a name, then documents. Only updates and deletes hold filters.
      const nameEnd = message.indexOf(0, offset + 5);
      const name = message.toString('utf8', offset + 5, nameEnd);
      if (name === 'updates' || name === 'deletes') {
        const docs: mongoose.mongo.BSON.Document[] = [];
        for (let p = nameEnd + 1; p < offset + 1 + size; p += message.readInt32LE(p)) {
          docs.push(mongoose.mongo.BSON.deserialize(message.subarray(p, p + message.readInt32LE(p))));
        }
        sequences.set(name, docs);
      }
    }
    offset += 1 + size;
  }
  if (!body) return null;
  const command = Object.keys(body)[0] ?? '?';
  const target: unknown = body[command];
  const collection = typeof target === 'string' ? target : '';
  const statements = (name: string): unknown => body[name] ?? sequences.get(name);
  switch (command) {
    case 'find':
      return { command, collection, access: accessOf(body.filter) };
    case 'count':
    case 'findAndModify':
      return { command, collection, access: accessOf(body.query) };
    case 'update':
    case 'delete': {
      const statement = firstOf(statements(`${command}s`));
      return { command, collection, access: accessOf(isRecord(statement) ? statement.q : undefined) };
    }
    case 'aggregate': {
      const stage = firstOf(body.pipeline);
      return { command, collection, access: accessOf(isRecord(stage) ? stage.$match : undefined) };
    }
    case 'insert':
      return { command, collection, access: 'write' };
    default:
      return { command, collection, access: '' };
  }
}

export const callKey = (call: StoreCall): string =>
  [call.command, call.collection, call.access === '' ? '' : `(${call.access})`].filter((part) => part !== '').join(' ');

/** Starts a proxy on a free loopback port that forwards to `target` and counts the commands going there. */
export async function startStoreCallCounter(target: { host: string; port: number }): Promise<StoreCallCounter> {
  let counting = false;
  let counts = new Map<string, StoreCallTally>();
  const sockets = new Set<Socket>();
  /** Each message holds complete wire messages, each starting with its length. */
  const eachMessage = (buffer: Buffer, handle: (message: Buffer) => void): Buffer => {
    let rest = buffer;
    while (rest.length >= 16 && rest.length >= rest.readInt32LE(0)) {
      const length = rest.readInt32LE(0);
      handle(rest.subarray(0, length));
      rest = rest.subarray(length);
    }
    return rest;
  };
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // Requests in flight on this connection: request id -> what it was and when it left.
    const inFlight = new Map<number, { tally: StoreCallTally; sentAt: number }>();
    let requests: Buffer = Buffer.alloc(0);
    let replies: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      requests = eachMessage(requests.length === 0 ? chunk : Buffer.concat([requests, chunk]), (message) => {
        const call = counting ? describeMessage(message) : null;
        if (!call) return;
        const key = callKey(call);
        const tally = counts.get(key) ?? { calls: 0, totalMs: 0 };
        tally.calls += 1;
        counts.set(key, tally);
        inFlight.set(message.readInt32LE(4), { tally, sentAt: performance.now() });
      });
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      replies = eachMessage(replies.length === 0 ? chunk : Buffer.concat([replies, chunk]), (message) => {
        const responseTo = message.readInt32LE(8);
        const sent = inFlight.get(responseTo);
        if (!sent) return;
        sent.tally.totalMs += performance.now() - sent.sentAt;
        inFlight.delete(responseTo);
      });
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { resolve(); });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    start() {
      counts = new Map();
      counting = true;
    },
    stop() {
      counting = false;
      return counts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => { resolve(); });
      }),
  };
}
