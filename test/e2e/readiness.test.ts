import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { startFerretDb, type LocalFerretDb } from '../../scripts/local-services/ferretdb.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop, type RunningProcess } from '../../app/process.js';
import { deleteQueueKeys, eventually, testConfig } from '../support/services.js';

describe('/readyz follows the store', () => {
  let dir = '';
  let ferret: LocalFerretDb | null = null;
  let running: RunningProcess | null = null;
  let prefix = '';

  before(async function () {
    const binary = process.env.GREENLOOP_FERRETDB_BINARY;
    // This test stops and restarts a store of its own; it needs the embedded FerretDB, not an external MONGODB_URI.
    if (!binary) {
      if (process.env.CI === 'true') throw new Error('CI runs the readiness test on the embedded FerretDB, but the suite was given MONGODB_URI instead');
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), 'greenloop-readyz-'));
    ferret = await startFerretDb({ binary, dataDir: join(dir, 'data'), logFile: join(dir, 'ferretdb.log') });
    const config = testConfig('readyz', { MONGODB_URI: ferret.uri('readyz'), ROLE: 'api' });
    prefix = config.queuePrefix;
    running = await startGreenLoop(config, createLogger(config.logLevel));
  });
  after(async () => {
    await running?.stop();
    await ferret?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (prefix) await deleteQueueKeys(prefix);
  });

  const readyz = async () => {
    const url = (running?.graphqlUrl ?? '').replace(/\/graphql$/, '/readyz');
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
  };

  it('turns unready (503, store down) when the store stops, and ready again when it returns', async () => {
    expect((await readyz()).status).to.equal(200);
    const port = ferret?.port ?? 0;
    const binary = process.env.GREENLOOP_FERRETDB_BINARY ?? '';
    await ferret?.stop();

    const down = await readyz();
    expect(down.status).to.equal(503);
    expect(down.body.checks).to.deep.equal({ store: 'down', redis: 'up' });
    const health = await fetch((running?.graphqlUrl ?? '').replace(/\/graphql$/, '/healthz'));
    expect(health.status, 'liveness does not depend on the store').to.equal(200);

    ferret = await startFerretDb({ binary, dataDir: join(dir, 'data'), logFile: join(dir, 'ferretdb.log'), port });
    const back = await eventually(async () => {
      const r = await readyz();
      return r.status === 200 ? r : undefined;
    }, 30_000, '/readyz to turn ready again');
    expect(back.body.checks).to.deep.equal({ store: 'up', redis: 'up' });
  });
});
