// The operator's queue board (bull-board) at /admin/queues over HTTP: refused without the operator key, with an
// organization's key or a wrong one; with the operator key (Bearer, or HTTP Basic for a browser) its page, the
// scripts and styles that page names (served by the package itself, nothing from another host) and its API listing
// every queue with its counts; changes refused from another origin; in headless Chromium the page renders under its
// Content-Security-Policy; a worker-only process has no board.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import { JOB_NAMES } from '../../server/queues/job-types.js';
import { QUEUE_BOARD_CSP } from '../../server/http/queue-board.js';
import { createLogger } from '../../server/logger.js';
import { startGreenLoop } from '../../app/process.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY, deleteQueueKeys, dropDatabase, testConfig } from '../support/services.js';
import { environmentWithoutFakedTime } from '../support/test-clock.js';

/** Debian's chromium package, as the dashboard's browser test uses it; CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

const basic = (key: string) => `Basic ${Buffer.from(`operator:${key}`).toString('base64')}`;
const bearer = (key: string) => `Bearer ${key}`;

interface Refusal { errors: { message: string; extensions: { code: string } }[] }

describe('queue board at /admin/queues', () => {
  let service: RunningService;
  let base = '';
  let platformKey = '';
  const get = (path: string, authorization?: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { headers: { ...(authorization ? { authorization } : {}), ...headers } });

  before(async () => {
    service = await startService('e2e_queue_board');
    base = service.url.replace(/\/graphql$/, '');
    const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
      'mutation { createOrganization(input: {name: "Board Mall", kind: PLATFORM}) { apiKey } }', { key: TEST_ADMIN_KEY });
    platformKey = created.data?.createOrganization.apiKey ?? '';
    expect(platformKey).to.match(/^glk_/);
  });
  after(() => service.dispose());

  it('refuses without a key (401, asking for Basic credentials), with a wrong key (401) and with an organization key (403), as typed JSON', async () => {
    for (const [authorization, status, code] of [
      [undefined, 401, 'UNAUTHENTICATED'],
      [bearer('glk_0000000000000000_not-a-real-secret-not-a-real-secret-0000000'), 401, 'UNAUTHENTICATED'],
      [basic('test-admin-key-0123456789abcdeX'), 401, 'UNAUTHENTICATED'],
      [bearer(platformKey), 403, 'FORBIDDEN'],
      [basic(platformKey), 403, 'FORBIDDEN'],
    ] as const) {
      for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
        const response = await get(path, authorization);
        expect(response.status, `${path} with ${authorization?.slice(0, 12) ?? 'no key'}`).to.equal(status);
        expect(response.headers.get('content-type')).to.match(/^application\/json/);
        const body = (await response.json()) as Refusal;
        expect(body.errors.map((e) => e.extensions.code)).to.deep.equal([code]);
        expect(response.headers.get('www-authenticate')).to.equal(status === 401 ? 'Basic realm="GreenLoop operator", charset="UTF-8"' : null);
      }
    }
  });

  it('serves the page with the operator key, under its own CSP, and every script and style it names, from this origin', async () => {
    const page = await get('/admin/queues', bearer(TEST_ADMIN_KEY));
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.headers.get('content-security-policy')).to.equal(QUEUE_BOARD_CSP);
    const html = await page.text();
    expect(html).to.contain('<base href="/admin/queues/" />');
    expect(html).to.contain('<title>GreenLoop queues</title>');

    const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? '');
    const styles = [...html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="stylesheet"/g)].map((m) => m[1] ?? '');
    expect(scripts.length, 'the board is a script bundle').to.be.greaterThanOrEqual(1);
    const pageUrl = new URL('/admin/queues/', base);
    const local = [...scripts, ...styles].filter((href) => new URL(href, pageUrl).origin === pageUrl.origin);
    // The only remote reference is bull-board's Google Fonts stylesheet, which the CSP refuses (style-src 'self').
    expect([...scripts, ...styles].filter((href) => !local.includes(href))).to.deep.equal(
      styles.filter((href) => href.startsWith('https://fonts.googleapis.com/')),
    );
    expect(QUEUE_BOARD_CSP).not.to.contain('googleapis');
    expect(local.filter((href) => href.endsWith('.css')).length, 'its own stylesheet').to.be.greaterThanOrEqual(1);
    for (const href of local) {
      const asset = await fetch(new URL(href, pageUrl), { headers: { authorization: basic(TEST_ADMIN_KEY) } });
      expect(asset.status, href).to.equal(200);
      expect(asset.headers.get('content-type'), href).to.match(href.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect((await asset.arrayBuffer()).byteLength, href).to.be.greaterThan(1000);
    }
    // its client routes serve the same page
    expect((await get('/admin/queues/queue/choice', basic(TEST_ADMIN_KEY))).status).to.equal(200);
  });

  it('lists every queue with its job counts through its API', async () => {
    await service.running.queues.enqueue('unit-loss', {}, { jobId: 'board-test-delayed', delayMs: 3_600_000 });
    const response = await get('/admin/queues/api/queues', basic(TEST_ADMIN_KEY));
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).to.deep.equal([...JOB_NAMES].sort());
    const unitLoss = body.queues.find((q) => q.name === 'unit-loss');
    const expected = await service.running.queues.queue('unit-loss').getJobCounts();
    expect(unitLoss?.counts.delayed, 'the schedule and the job added here').to.equal(expected.delayed);
    expect(expected.delayed).to.equal(2);
  });

  it('takes changes only from its own origin', async () => {
    const crossSite = await fetch(`${base}/admin/queues/api/queues/mail/pause`, {
      method: 'PUT', headers: { authorization: basic(TEST_ADMIN_KEY), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).to.equal(403);
    expect(((await crossSite.json()) as Refusal).errors[0]?.extensions.code).to.equal('FORBIDDEN');
    expect(await service.running.queues.queue('mail').isPaused()).to.equal(false);

    const host = new URL(base).host;
    const paused = await fetch(`${base}/admin/queues/api/queues/mail/pause`, {
      method: 'PUT', headers: { authorization: basic(TEST_ADMIN_KEY), origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(paused.status).to.equal(200);
    expect(await service.running.queues.queue('mail').isPaused()).to.equal(true);
    const resumed = await fetch(`${base}/admin/queues/api/queues/mail/resume`, { method: 'PUT', headers: { authorization: bearer(TEST_ADMIN_KEY) } });
    expect(resumed.status).to.equal(200);
    expect(await service.running.queues.queue('mail').isPaused()).to.equal(false);
  });

  it('renders in headless Chromium with Basic credentials: queues listed, no script or style refused, only the remote font stylesheet stopped by the CSP', async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`CI runs the browser checks, but ${CHROMIUM} is missing: .ci/run installs it`);
      process.stderr.write(`\n  SKIPPED: the queue board's browser check needs chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).\n\n`);
      this.skip();
    }
    this.timeout(120_000);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: environmentWithoutFakedTime() });
    try {
      const context = await browser.newContext({ httpCredentials: { username: 'operator', password: TEST_ADMIN_KEY }, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const refused: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) refused.push(message.text()); });
      page.on('requestfinished', (request) => { if (new URL(request.url()).origin !== new URL(base).origin) elsewhere.push(request.url()); });
      const blocked: string[] = [];
      page.on('requestfailed', (request) => { blocked.push(`${request.failure()?.errorText ?? ''} ${request.url()}`); });
      const failed: string[] = [];
      page.on('response', (response) => { if (response.status() >= 400) failed.push(`${String(response.status())} ${response.url()}`); });
      await page.goto(`${base}/admin/queues`);
      await page.getByText('compliance-sweep').first().waitFor({ timeout: 30_000 });
      await page.getByText('reconciliation').first().waitFor({ timeout: 10_000 });
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: resolve(ARTIFACTS, 'queue-board.png') });
      expect(failed).to.deep.equal([]);
      expect(elsewhere, 'no request to another host completes').to.deep.equal([]);
      expect(blocked.filter((line) => !line.startsWith('csp https://fonts.googleapis.com/')), 'only the font stylesheet fails, stopped by the CSP').to.deep.equal([]);
      // Only bull-board's Google Fonts stylesheet is refused; its scripts, styles and API calls all load.
      expect(refused.filter((text) => !text.includes('https://fonts.googleapis.com/'))).to.deep.equal([]);
    } finally {
      await browser.close();
    }
  });
});

describe('queue board in a worker-only process', () => {
  it('is not there: the worker serves health and metrics only', async () => {
    const config = { ...testConfig('e2e_queue_board_worker'), role: 'worker' as const };
    const worker = await startGreenLoop(config, createLogger(config.logLevel));
    try {
      const base = worker.graphqlUrl.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/healthz`)).status).to.equal(200);
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const response = await fetch(`${base}${path}`, { headers: { authorization: bearer(TEST_ADMIN_KEY) } });
        expect(response.status, path).to.equal(404);
      }
    } finally {
      await worker.stop();
      await dropDatabase(config.mongodbUri);
      await deleteQueueKeys(config.queuePrefix);
    }
  });
});
