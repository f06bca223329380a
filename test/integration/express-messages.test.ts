// Requests and responses born with the Express app's prototypes (server/http/express-messages.ts): a real node:http
// server on loopback, a real Express app, and what each side sees.
import { expect } from 'chai';
import express from 'express';
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import { expressMessages, type ExpressMessages } from '../../server/http/express-messages.js';
import { closeNow, listenOnLoopback } from '../support/loopback-server.js';

describe('Express messages: requests and responses born with the app prototypes', () => {
  let messages: ExpressMessages;
  let server: Server;
  let base: string;
  const app = express();
  app.use(express.json());
  app.post('/echo', (req, res) => {
    res.json({ got: req.body as unknown, path: req.path, isRequest: req instanceof IncomingMessage, isResponse: res instanceof ServerResponse, sameApp: req.app === app && res.app === app });
  });
  /** What the first 'request' listener saw, before Express touched the messages. */
  let seen: { request: object | null; response: object | null }[] = [];
  /** The messages themselves, in order. */
  let messagesSeen: { request: IncomingMessage; response: ServerResponse }[] = [];

  before(async () => {
    messages = expressMessages();
    server = createServer({ IncomingMessage: messages.IncomingMessage, ServerResponse: messages.ServerResponse });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push({ request: Object.getPrototypeOf(req) as object | null, response: Object.getPrototypeOf(res) as object | null });
      messagesSeen.push({ request: req, response: res });
    });
    base = await listenOnLoopback(server);
  });
  after(() => closeNow(server));
  beforeEach(() => { seen = []; messagesSeen = []; });

  it('builds plain Node messages until an app is given', async () => {
    server.on('request', answerPlainly);
    try {
      const response = await fetch(`${base}/anything`);
      expect(response.status).to.equal(204);
    } finally {
      server.off('request', answerPlainly);
    }
    expect(seen).to.have.length(1);
    expect(seen[0]?.request).to.not.equal(app.request);
    // An object made on each prototype is a Node message.
    expect(Object.create(seen[0]?.request ?? null) instanceof IncomingMessage).to.equal(true);
    expect(Object.create(seen[0]?.response ?? null) instanceof ServerResponse).to.equal(true);
  });

  it('builds them with the app prototypes once given, and Express serves them as before', async () => {
    messages.bornWith(app);
    server.on('request', app);
    const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ got: { a: 1 }, path: '/echo', isRequest: true, isResponse: true, sameApp: true });
    expect(seen).to.have.length(1);
    expect(seen[0]?.request).to.equal(app.request);
    expect(seen[0]?.response).to.equal(app.response);
  });

  it('builds every request (and response) with one hidden class, as Node builds its own', async () => {
    // V8's own check (%HaveSameMap), compiled after allowing V8's natives syntax. Messages built with a fresh hidden
    // class each cost 40 times as much to build, and every property access on them met a new shape.
    setFlagsFromString('--allow-natives-syntax');
    const sameMap = runInThisContext('(a, b) => %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).to.equal(200);
    }
    const [first, second] = messagesSeen;
    if (!first || !second) throw new Error(`expected two requests, saw ${String(messagesSeen.length)}`);
    expect(sameMap(first.request, second.request), 'requests share a hidden class').to.equal(true);
    expect(sameMap(first.response, second.response), 'responses share a hidden class').to.equal(true);
    // The check itself can tell: a plain object and a message do not share one.
    expect(sameMap(first.request, {})).to.equal(false);
  });
});

function answerPlainly(_req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 204;
  res.end();
}
