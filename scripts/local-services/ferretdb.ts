import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { freePort, sleep } from './free-port.js';

// The embedded MongoDB-compatible store for development and tests: FerretDB on SQLite, built from the Go module
// proxy into the project's cache folder once and reused after (STACK.md), with SOURCE_PATCHES applied.

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
  for (const patch of SOURCE_PATCHES) hash.update(JSON.stringify(patch));
  return hash.digest('hex');
}

/** One textual edit to a file of the pinned FerretDB module, applied to a copy of it at build time. */
interface SourcePatch {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly why: string;
}

const SOURCE_PATCHES: readonly SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: `IDColumn = DefaultColumn + "->\\"_id\\""`,
    why:
      'FerretDB 1.24 creates the _id index on `_ferretdb_sjson->"_id"` but looks documents up by ' +
      "`_ferretdb_sjson->'$._id'`; SQLite only uses an expression index for the same expression, so every lookup, " +
      'update and delete by _id read the whole table. The patched lookup is the index\'s own expression.',
  },
  {
    file: 'internal/util/resource/resource.go',
    find: 'func Track(obj any, token *Token) {\n',
    replace: 'func Track(obj any, token *Token) {\n\tif !tracking {\n\t\treturn\n\t}\n',
    why:
      'FerretDB tracks every statement, row set, iterator and transaction for leak hunting: it records the caller\'s ' +
      'stack in a pprof profile and sets a finalizer, for each one. On a read by _id that was an eighth of the ' +
      "store's CPU (Go's profiler, 2026-12-07). A debugging aid, off here; Untrack below matches.",
  },
  {
    file: 'internal/util/resource/resource.go',
    find: 'func Untrack(obj any, token *Token) {\n',
    replace: 'func Untrack(obj any, token *Token) {\n\tif !tracking {\n\t\treturn\n\t}\n',
    why: 'Nothing was tracked (the patch above), so there is nothing to untrack.',
  },
  {
    file: 'internal/util/resource/resource.go',
    find: 'var profilesM sync.Mutex\n',
    replace: 'var profilesM sync.Mutex\n\n// tracking is off in this build (patched by the GreenLoop build script).\nconst tracking = false\n',
    why: 'The switch the two patches above read.',
  },
  {
    file: 'internal/backends/sqlite/database.go',
    find: 'func (db *database) ListCollections(ctx context.Context, params *backends.ListCollectionsParams) (*backends.ListCollectionsResult, error) {\n',
    replace:
      'func (db *database) ListCollections(ctx context.Context, params *backends.ListCollectionsParams) (*backends.ListCollectionsResult, error) {\n' +
      '\tif params != nil && len(params.Name) > 0 {\n' +
      '\t\treturn db.namedCollection(ctx, params.Name), nil\n' +
      '\t}\n\n',
    why:
      'Every find asks for its own collection by name, and FerretDB answered by deep-copying the metadata of every ' +
      'collection of the database (GreenLoop has 48, each with its indexes), sorting them and keeping one: about ' +
      'a tenth of the store\'s CPU on a read by _id (Go\'s profiler, 2026-12-07). The named one is copied alone; ' +
      'the listing of all is unchanged.',
  },
  {
    file: 'internal/backends/sqlite/database.go',
    find: '// CreateCollection implements backends.Database interface.\n',
    replace:
      '// namedCollection answers ListCollections for one name, as the listing filtered to it would (patched in by ' +
      'the GreenLoop build script).\n' +
      'func (db *database) namedCollection(ctx context.Context, name string) *backends.ListCollectionsResult {\n' +
      '\tres := make([]backends.CollectionInfo, 0, 1)\n\n' +
      '\tif db.r.DatabaseGetExisting(ctx, db.name) != nil {\n' +
      '\t\tif c := db.r.CollectionGet(ctx, db.name, name); c != nil {\n' +
      '\t\t\tres = append(res, backends.CollectionInfo{\n' +
      '\t\t\t\tName:            c.Name,\n' +
      '\t\t\t\tUUID:            c.Settings.UUID,\n' +
      '\t\t\t\tCappedSize:      c.Settings.CappedSize,\n' +
      '\t\t\t\tCappedDocuments: c.Settings.CappedDocuments,\n' +
      '\t\t\t})\n' +
      '\t\t}\n' +
      '\t}\n\n' +
      '\treturn &backends.ListCollectionsResult{Collections: res}\n' +
      '}\n\n' +
      '// CreateCollection implements backends.Database interface.\n',
    why: 'The function the patch above calls.',
  },
  {
    file: 'internal/handler/msg_find.go',
    find: '\th.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))\n',
    replace:
      '\tif h.L.Enabled(ctx, slog.LevelDebug) {\n' +
      '\t\th.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))\n' +
      '\t}\n',
    why:
      'Each find formatted its whole query with %+v for a debug line, at every log level: about 5 % of the store\'s ' +
      'CPU on a read by _id (Go\'s profiler, 2026-12-07). Formatted only when debug lines are written.',
  },
];

/**
 * Copies the pinned FerretDB module out of Go's module cache into `.cache/`, applies SOURCE_PATCHES there, and
 * writes a go.mod (beside its go.sum) that replaces the module with that copy; returns that go.mod's path, for
 * `go build -modfile`. The repository's own go.mod stays the plain pin.
 */
async function preparePatchedSource(go: string, root: string): Promise<string> {
  const moduleDir = await new Promise<string>((resolve, reject) => {
    execFile(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { cwd: BUILD_MODULE }, (error, stdout) => {
      if (error) reject(new Error(`go mod download failed: ${error.message}`));
      else resolve((JSON.parse(stdout) as { Dir?: string }).Dir ?? '');
    });
  });
  if (moduleDir === '') throw new Error(`go mod download did not say where FerretDB ${FERRETDB_VERSION} is`);
  const sourceDir = join(root, '.cache', 'ferretdb-src', FERRETDB_VERSION);
  await rm(sourceDir, { recursive: true, force: true });
  await cp(moduleDir, sourceDir, { recursive: true });
  await makeWritable(sourceDir);
  for (const [i, patch] of SOURCE_PATCHES.entries()) {
    const file = join(sourceDir, patch.file);
    const original = await readFile(file, 'utf8');
    if (original.split(patch.find).length !== 2) {
      throw new Error(`FerretDB patch ${String(i + 1)} no longer applies: ${patch.file} does not hold \`${patch.find}\` exactly once`);
    }
    await writeFile(file, original.replace(patch.find, patch.replace));
  }
  const buildDir = join(root, '.cache', 'ferretdb-build');
  await mkdir(buildDir, { recursive: true });
  const goMod = await readFile(join(BUILD_MODULE, 'go.mod'), 'utf8');
  await writeFile(join(buildDir, 'go.mod'), `${goMod}\nreplace github.com/FerretDB/FerretDB => ${sourceDir}\n`);
  await cp(join(BUILD_MODULE, 'go.sum'), join(buildDir, 'go.sum'));
  return join(buildDir, 'go.mod');
}

/** Go's module cache is read-only; the patched copy must not be. */
async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWritable(path);
    else await chmod(path, 0o644);
  }
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
  const modFile = await preparePatchedSource(go, root);
  // Built next to the binary, then renamed over it: a FerretDB still running from the old file keeps running.
  const building = `${binary}.${String(process.pid)}.building`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['build', `-modfile=${modFile}`, '-o', building, '.'], { cwd: BUILD_MODULE, stdio: ['ignore', 'pipe', 'pipe'] });
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
  await rename(building, binary);
  await writeFile(stampFile, `${stamp}\n`);
  log(`Built FerretDB in ${Math.round((Date.now() - started) / 1000)} s.`);
  return binary;
}

/**
 * SQLite settings beyond FerretDB's own (WAL, a busy timeout). `synchronous=NORMAL` in WAL mode syncs the log to disk
 * at checkpoints instead of at every commit: a commit survives the store's process being killed, and can be lost
 * only with the machine (power, kernel), as a MongoDB write acknowledged before its journal's next flush (w:1, at most
 * 100 ms) can. SQLite's default, a sync per commit, cost this machine half the store's CPU on every insert (0.66
 * against 0.31 ms of CPU per `insertOne`, measured 2026-12-07) and is not how the production store commits either.
 * `cache_size=-65536` gives each connection a page cache of up to 64 MiB instead of SQLite's 2 MiB: a ledger of a
 * million entries has indexes far larger than 2 MiB, and every page missing from the cache is a system call. MongoDB
 * keeps its working set in memory as well (WiredTiger's cache takes half the machine's memory by default).
 */
const SQLITE_PRAGMAS = new URLSearchParams([['_pragma', 'synchronous(normal)'], ['_pragma', 'cache_size(-65536)']]).toString();

/** Starts FerretDB on SQLite files in `dataDir`, on loopback, and waits until it answers a ping. */
export async function startFerretDb(options: { binary: string; dataDir: string; port?: number; logFile: string }): Promise<LocalFerretDb> {
  await mkdir(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const logHandle = await open(options.logFile, 'a');
  const child: ChildProcess = spawn(
    options.binary,
    [
      `--sqlite-url=file:${options.dataDir.endsWith('/') ? options.dataDir : `${options.dataDir}/`}?${SQLITE_PRAGMAS}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--log-level=warn',
      ...(process.env.FERRETDB_PPROF_ADDR ? [`--pprof-addr=${process.env.FERRETDB_PPROF_ADDR}`] : []),
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
