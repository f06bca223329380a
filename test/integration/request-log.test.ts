// One log line per request (server/http/request-log.ts): a real Express app on loopback, a real pino logger writing
// into memory, and the lines it wrote.
import { expect } from 'chai';
import express from 'express';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../server/logger.js';
import { requestLog } from '../../server/http/request-log.js';
import { closeNow, listenOnLoopback } from '../support/loopback-server.js';

interface Line {
  level: number;
  msg: string;
  req?: { id?: string; method?: string; url?: string; headers?: unknown };
  res?: { statusCode?: number; headers?: unknown };
  responseTime?: number;
  [field: string]: unknown;
}

describe('request log: one line per request, with its id', () => {
  let server: Server;
  let base: string;
  let lines: Line[] = [];
  /** Ends the request /api/slow holds; set once that request reached its handler. */
  let release: (() => void) | null = null;

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const text of chunk.toString('utf8').split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as Line);
        done();
      },
    });
    const logger = createLogger('info', 'request-log-test', { destination: sink });
    const requests = requestLog(logger);
    const app = express();
    app.use(requests.middleware);
    app.get('/healthz', (_req, res) => { res.sendStatus(200); });
    const api = express.Router();
    api.get('/ok', (req, res) => {
      requests.loggerOf(req).info({ step: 'inside' }, 'a line of the request');
      res.json({ ok: true });
    });
    api.get('/broken', (_req, res) => { res.status(500).json({ ok: false }); });
    api.get('/slow', (_req, res) => {
      // Never answers until the test lets it: the client leaves first.
      release = () => { res.end(); };
    });
    app.use('/api', api);
    server = createServer(app);
    base = await listenOnLoopback(server);
  });
  after(() => closeNow(server));
  beforeEach(() => { lines = []; });

  /** The lines written for the request `id`, once the line that ends it is there. */
  async function linesOf(id: string): Promise<Line[]> {
    for (let i = 0; i < 100; i += 1) {
      const mine = lines.filter((l) => l.req?.id === id);
      if (mine.some((l) => /^request (completed|errored|aborted)$/.test(l.msg))) return mine;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no line ended request ${id}: ${JSON.stringify(lines)}`);
  }

  it("answers the caller's request id, logs the request's own lines and one completion line, with the path only and no headers", async () => {
    const response = await fetch(`${base}/api/ok?query=secret-consumer-ref`, { headers: { 'x-request-id': 'req-abc.123', authorization: 'Bearer glk_abcdefghijklmnop' } });
    expect(response.status).to.equal(200);
    expect(response.headers.get('x-request-id')).to.equal('req-abc.123');
    const mine = await linesOf('req-abc.123');
    expect(mine.map((l) => l.msg)).to.deep.equal(['a line of the request', 'request completed']);
    const [inside, completed] = mine;
    expect(inside).to.include({ level: 30, step: 'inside' });
    expect(inside?.req).to.deep.equal({ id: 'req-abc.123', method: 'GET', url: '/api/ok' });
    expect(completed).to.include({ level: 30 });
    expect(completed?.req).to.deep.equal({ id: 'req-abc.123', method: 'GET', url: '/api/ok' });
    expect(completed?.res).to.deep.equal({ statusCode: 200 });
    expect(completed?.responseTime).to.be.a('number').and.at.least(0);
    const written = JSON.stringify(lines);
    expect(written).to.not.contain('secret-consumer-ref');
    expect(written).to.not.contain('glk_');
  });

  it('makes an id when the caller sent none or one that is not sane', async () => {
    for (const given of [undefined, 'has spaces and "quotes"', 'x'.repeat(129)]) {
      const response = await fetch(`${base}/api/ok`, { headers: given === undefined ? {} : { 'x-request-id': given } });
      const id = response.headers.get('x-request-id') ?? '';
      expect(id, String(given)).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await linesOf(id)).at(-1)?.msg).to.equal('request completed');
    }
  });

  it('logs a 5xx answer at error level', async () => {
    const response = await fetch(`${base}/api/broken`, { headers: { 'x-request-id': 'req-broken' } });
    expect(response.status).to.equal(500);
    const [line] = await linesOf('req-broken');
    expect(line).to.include({ level: 50, msg: 'request errored' });
    expect(line?.res).to.deep.equal({ statusCode: 500 });
  });

  it('logs a request the client left before the answer as aborted', async () => {
    const leaving = new AbortController();
    const asked = fetch(`${base}/api/slow`, { headers: { 'x-request-id': 'req-left' }, signal: leaving.signal }).catch((error: unknown) => error);
    for (let i = 0; i < 100 && release === null; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(release, 'the request reached its handler').to.not.equal(null);
    leaving.abort();
    expect(await asked).to.be.instanceOf(Error);
    const [line] = await linesOf('req-left');
    expect(line).to.include({ level: 40, msg: 'request aborted' });
    expect(line?.res, 'no answer was sent').to.equal(undefined);
    release?.();
  });

  it('answers an id to probes but writes no line for them', async () => {
    const probe = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'req-probe' } });
    expect(probe.status).to.equal(200);
    expect(probe.headers.get('x-request-id')).to.equal('req-probe');
    const after = await fetch(`${base}/api/ok`, { headers: { 'x-request-id': 'req-after-probe' } });
    expect(after.status).to.equal(200);
    await linesOf('req-after-probe');
    expect(lines.filter((l) => l.req?.id === 'req-probe')).to.deep.equal([]);
  });
});
