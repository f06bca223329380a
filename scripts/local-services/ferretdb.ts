import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { freePort, sleep } from './free-port.js';

// The embedded MongoDB-compatible store for development and tests: FerretDB on SQLite, built from the Go module
// proxy into the project's cache folder once and reused after (STACK.md).

export const FERRETDB_VERSION = 'v1.24.2';

/** The Go module (go.mod, go.sum, main.go) that builds the binary; its files' hash names the build. */
const BUILD_MODULE = join(dirname(fileURLToPath(import.meta.url)), '..', 'ferretdb');

export interface LocalFerretDb {
  readonly port: number;
  /** A connection string for one database on this server. */
  uri(database: string): string;
  stop(): Promise<void>;
}

export function ferretDbBinaryPath(root: string): string {
  return join(root, '.cache', 'bin', 'ferretdb');
}

function findGo(): string | null {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'go')),
    '/usr/local/go/bin/go',
    join(process.env.HOME ?? '/root', 'go', 'bin', 'go'),
  ];
  return candidates.find((path) => path !== 'go' && existsSync(path)) ?? null;
}

async function buildStamp(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(await readFile(join(BUILD_MODULE, file)));
  return hash.digest('hex');
}

/**
 * Returns the FerretDB binary, building it with Go when it is missing or its sources changed. Go's module and
 * build caches live outside the clone, so a second build on the same machine takes seconds.
 */
export async function ensureFerretDbBinary(root: string, log: (line: string) => void): Promise<string> {
  const binary = ferretDbBinaryPath(root);
  const stampFile = `${binary}.stamp`;
  const stamp = await buildStamp();
  if (existsSync(binary) && existsSync(stampFile) && (await readFile(stampFile, 'utf8')).trim() === stamp) return binary;
  const go = findGo();
  if (!go) {
    throw new Error(
      'No MongoDB to use: MONGODB_URI is not set and Go is not installed to build the embedded FerretDB.\n' +
        '  Either install Go 1.24 or newer (https://go.dev/doc/install)\n' +
        '  or set MONGODB_URI to a MongoDB you run, e.g. MONGODB_URI=mongodb://127.0.0.1:27017/greenloop',
    );
  }
  log(`Building FerretDB ${FERRETDB_VERSION} into ${binary} (the first build takes a few minutes; later ones reuse Go's cache)...`);
  const started = Date.now();
  await mkdir(dirname(binary), { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['build', '-o', binary, '.'], { cwd: BUILD_MODULE, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') log(`  go: ${line.trim()}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const ticker = setInterval(() => {
      log(`  still building FerretDB (${Math.round((Date.now() - started) / 1000)} s)...`);
    }, 20_000);
    child.on('error', (error) => { clearInterval(ticker); reject(error); });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolve();
      else reject(new Error(`building FerretDB failed (go build exit code ${String(code)}):\n${output.slice(-4000)}`));
    });
  });
  await writeFile(stampFile, `${stamp}\n`);
  log(`Built FerretDB in ${Math.round((Date.now() - started) / 1000)} s.`);
  return binary;
}

/** Starts FerretDB on SQLite files in `dataDir`, on loopback, and waits until it answers a ping. */
export async function startFerretDb(options: { binary: string; dataDir: string; port?: number; logFile: string }): Promise<LocalFerretDb> {
  await mkdir(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const logHandle = await open(options.logFile, 'a');
  const child: ChildProcess = spawn(
    options.binary,
    [
      `--sqlite-url=file:${options.dataDir.endsWith('/') ? options.dataDir : `${options.dataDir}/`}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--log-level=warn',
    ],
    // Its own process group: a Ctrl-C on the terminal must not stop the store before the service has drained.
    { stdio: ['ignore', logHandle.fd, logHandle.fd], detached: true },
  );
  const state: { exited: number | null } = { exited: null };
  child.on('exit', (code) => { state.exited = code ?? -1; });
  const killOnExit = () => { child.kill('SIGKILL'); };
  process.on('exit', killOnExit);

  const base = `mongodb://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (state.exited !== null) {
      await logHandle.close();
      throw new Error(`FerretDB exited with code ${String(state.exited)} while starting; see ${options.logFile}`);
    }
    if (await answersPing(`${base}/admin?retryWrites=false`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await logHandle.close();
      throw new Error(`FerretDB did not answer on 127.0.0.1:${port} within 30 s; see ${options.logFile}`);
    }
    await sleep(100);
  }

  return {
    port,
    uri: (database) => `${base}/${database}?retryWrites=false`,
    async stop() {
      process.off('exit', killOnExit);
      if (state.exited === null) {
        const gone = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await gone;
        clearTimeout(timer);
      }
      await logHandle.close();
    },
  };
}

async function answersPing(uri: string): Promise<boolean> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}
