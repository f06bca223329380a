// The dashboard (web/) built with Vite into dist/web, which the API serves at /dashboard (server/http/dashboard.ts).
// `npm run build:web` always builds; `npm start` and the browser test call ensureDashboardBuilt, which builds only
// when the sources changed since the last build: a missing or stale dashboard is never served by accident.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DASHBOARD_SOURCE_DIR = join(root, 'web');
export const DASHBOARD_BUILD_DIR = join(root, 'dist', 'web');
/** Written into the build: the hash of the sources it was built from. */
const STAMP_FILE = '.source-hash';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))));
  return nested.flat().sort();
}

/** A hash of every file under web/, this script, and the versions of the packages bundled into the build. */
export async function dashboardSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [...(await filesUnder(DASHBOARD_SOURCE_DIR)), fileURLToPath(import.meta.url), ...['vite', 'echarts'].map((p) => join(root, 'node_modules', p, 'package.json'))];
  for (const file of inputs) {
    hash.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Builds into a fresh folder, then swaps it in, so a server never serves a half-written build. */
export async function buildDashboard(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const sourceHash = await dashboardSourceHash();
  const staging = `${DASHBOARD_BUILD_DIR}.tmp-${String(process.pid)}`;
  // Vite is a development dependency: imported only when a build is needed.
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: DASHBOARD_SOURCE_DIR,
    base: '/dashboard/',
    logLevel: 'warn',
    clearScreen: false,
    build: {
      outDir: staging,
      emptyOutDir: true,
      // No inline scripts or data: URLs, so the page runs under a strict Content-Security-Policy.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      target: 'es2022',
      // ECharts is most of the bundle, on purpose: one file, served from the API itself, no CDN.
      chunkSizeWarningLimit: 1500,
    },
  });
  await writeFile(join(staging, STAMP_FILE), `${sourceHash}\n`);
  await rm(DASHBOARD_BUILD_DIR, { recursive: true, force: true });
  await rename(staging, DASHBOARD_BUILD_DIR);
  log(`dashboard built into ${relative(root, DASHBOARD_BUILD_DIR)} in ${String(Math.round((Date.now() - started) / 100) / 10)} s`);
}

/** Builds the dashboard when it is missing or older than its sources; says which. */
export async function ensureDashboardBuilt(log: (line: string) => void): Promise<'built' | 'up to date'> {
  const stamp = join(DASHBOARD_BUILD_DIR, STAMP_FILE);
  const built = existsSync(stamp) ? (await readFile(stamp, 'utf8')).trim() : null;
  if (built !== null && built === (await dashboardSourceHash())) return 'up to date';
  log(built === null ? 'building the dashboard (web/) with Vite' : 'the dashboard sources changed: rebuilding');
  await buildDashboard(log);
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildDashboard((line) => { console.error(`[dashboard] ${line}`); }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
