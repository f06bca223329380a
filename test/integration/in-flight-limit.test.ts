// The bound on requests worked on at once (server/http/in-flight-limit.ts): a real node:http server on loopback, a real
// Express app, and handlers that answer only when the test lets them.
import { expect } from 'chai';
import express from 'express';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { limitInFlight, type InFlightState } from '../../server/http/in-flight-limit.js';
import { closeNow, listenOnLoopback } from '../support/loopback-server.js';

describe('the in-flight bound: at most so many requests worked on, the next ones wait in order, then 503', () => {
  let server: Server;
  let base: string;
  let state: () => InFlightState;
  /** The requests the handler has started, by name, in order; each answers when its release is called. */
  let started: string[];
  let releases: Map<string, () => void>;

  before(async () => {
    const limit = limitInFlight({ maxInFlight: 2, maxQueued: 2 });
    state = limit.state;
    const app = express();
    app.use(limit.middleware);
    app.get('/work/:name', (req, res) => {
      const { name } = req.params;
      started.push(name);
      releases.set(name, () => { res.json({ name }); });
    });
    server = createServer(app);
    base = await listenOnLoopback(server);
  });
  after(() => closeNow(server));
  beforeEach(() => {
    started = [];
    releases = new Map();
  });

  /** Waits until `check` holds, the event loop turning meanwhile (the server runs in this process). */
  async function until(check: () => boolean, what: string): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (check()) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`timed out waiting for ${what}; state ${JSON.stringify(state())}, started ${started.join(',')}`);
  }
  const release = (name: string) => {
    const answer = releases.get(name);
    if (!answer) throw new Error(`${name} has not started`);
    answer();
  };

  it('works on two at once, starts the waiting ones first come first served, and refuses a third waiting one with 503', async () => {
    const a = fetch(`${base}/work/a`);
    await until(() => started.length === 1, 'a to start');
    const b = fetch(`${base}/work/b`);
    await until(() => started.length === 2, 'b to start');
    const c = fetch(`${base}/work/c`);
    await until(() => state().queued === 1, 'c to wait');
    const d = fetch(`${base}/work/d`);
    await until(() => state().queued === 2, 'd to wait');

    const refused = await fetch(`${base}/work/e`);
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('1');
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string; retryAfterSeconds: number } }[] };
    expect(body.errors[0]?.extensions).to.deep.equal({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(body.errors[0]?.message).to.equal('The service is at capacity (at most 2 requests worked on at once, 2 waiting). Retry in 1 s.');
    expect(started).to.deep.equal(['a', 'b']);
    expect(state()).to.deep.equal({ inFlight: 2, queued: 2 });

    release('b');
    expect(await (await b).json()).to.deep.equal({ name: 'b' });
    await until(() => started.length === 3, 'c to start');
    expect(started).to.deep.equal(['a', 'b', 'c']);
    release('a');
    await until(() => started.length === 4, 'd to start');
    expect(started).to.deep.equal(['a', 'b', 'c', 'd']);
    release('c');
    release('d');
    for (const [response, name] of [[a, 'a'], [c, 'c'], [d, 'd']] as const) expect(await (await response).json()).to.deep.equal({ name });
    await until(() => state().inFlight === 0, 'every place to be free');
    expect(state()).to.deep.equal({ inFlight: 0, queued: 0 });
  });

  it('frees the place of a request whose client left, waiting or worked on, and never starts the one that waited', async () => {
    const a = fetch(`${base}/work/a`);
    await until(() => started.length === 1, 'a to start');
    const leaving = rawGet(`${base}/work/left-while-worked-on`);
    await until(() => started.length === 2, 'the second to start');
    const waiting = rawGet(`${base}/work/left-while-waiting`);
    await until(() => state().queued === 1, 'the third to wait');

    waiting.abort();
    await until(() => state().queued === 0, 'the waiting place to be freed');
    leaving.abort();
    await until(() => state().inFlight === 1, 'the worked-on place to be freed');

    const later = fetch(`${base}/work/later`);
    await until(() => started.length === 3, 'a later request to start at once');
    expect(started).to.deep.equal(['a', 'left-while-worked-on', 'later']);
    release('a');
    release('later');
    expect(await (await a).json()).to.deep.equal({ name: 'a' });
    expect(await (await later).json()).to.deep.equal({ name: 'later' });
    await until(() => state().inFlight === 0, 'every place to be free');
  });
});

/** A GET whose connection the test can cut, as a client that gives up does. */
function rawGet(url: string): { abort: () => void } {
  const req = httpRequest(url, { agent: false });
  req.on('error', () => undefined);
  req.end();
  return { abort: () => { req.destroy(); } };
}
