// Idle kept-alive connections stay open HTTP_KEEP_ALIVE_TIMEOUT_MS (65 s by default, longer than a load balancer's
// idle timeout), not Node's 5 s: a balancer reusing a connection the service is closing would answer its client 502.
// Here the timeout is 1.5 s, so the test sees both sides of it in a few seconds over one raw socket.
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { startService, type RunningService } from '../support/harness.js';
import { stopwatch } from '../support/test-clock.js';

const IDLE_MS = 1500;

/** Sends GET /healthz on `socket` and resolves with the answer's status line once the whole answer has arrived. */
function health(socket: Socket, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const headerEnd = text.indexOf('\r\n\r\n');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1] ?? NaN);
      if (headerEnd >= 0 && text.length >= headerEnd + 4 + length) {
        socket.off('data', onData);
        resolve(text.slice(0, text.indexOf('\r\n')));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HTTP keep-alive: idle connections stay open HTTP_KEEP_ALIVE_TIMEOUT_MS', () => {
  let service: RunningService;
  before(async () => { service = await startService('e2e_keep_alive', { HTTP_KEEP_ALIVE_TIMEOUT_MS: String(IDLE_MS) }); });
  after(() => service.dispose());

  it('answers again on a connection idle for most of the timeout, and closes it once the timeout has passed', async () => {
    const { hostname, port } = new URL(service.url);
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<void>((resolve) => { socket.once('close', () => { resolve(); }); });
    try {
      expect(await health(socket, `${hostname}:${port}`)).to.equal('HTTP/1.1 200 OK');
      await sleep(IDLE_MS - 500);
      expect(socket.destroyed, 'still open before the timeout').to.equal(false);
      expect(await health(socket, `${hostname}:${port}`), 'the same connection answers again').to.equal('HTTP/1.1 200 OK');
      const idle = stopwatch();
      await closed;
      // Node closes it on the socket's own timer: never early, and well before its default of 5 s.
      expect(idle.elapsedMs(), 'closed by the service after the timeout, not after Node\'s default 5 s').to.be.within(IDLE_MS - 100, IDLE_MS + 2000);
    } finally {
      socket.destroy();
    }
  });
});
