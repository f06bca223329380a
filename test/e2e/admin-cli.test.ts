// The operator CLI (`npm run admin`) against a service started here: as a child process, an organization's key
// created, rotated and revoked, each key then working or refused; in-process (the same code, quicker), standards,
// the compliance recomputation with its progress bar, every command's help, and the exit codes of mistakes (2) and
// refusals (1, with the API's code).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { COMMANDS, runCli } from '../../scripts/admin/cli.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { runScript, type ScriptRun } from '../support/run-script.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

interface Created { organization: { id: string; name: string; kind: string }; apiKey: string }
interface Rotated { apiKey: string; key: { id: string; active: boolean; replaces: string | null }; replaced: { id: string; active: boolean; revokedAt: string | null } }

const keyId = (key: string) => key.split('_')[1] ?? '';

describe('npm run admin: the operator CLI', function () {
  this.timeout(180_000);
  let service: RunningService;
  let env: Record<string, string>;
  const clock = pinnedClock('2026-09-30T23:50:00Z'); // the last minutes of a quarter in UTC
  const period = '2026-09';

  before(async () => {
    service = await startService('e2e_admin_cli', {}, { clock: clock.now });
    env = { GREENLOOP_URL: service.url, ADMIN_API_KEY: TEST_ADMIN_KEY };
  });
  after(() => service.dispose());

  const admin = (...args: string[]): Promise<ScriptRun> => runScript('admin.ts', args, env, 60_000);
  /** The CLI in this process: same code, no process start-up. */
  const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: { write: (t: string) => { stdout += t; } }, stderr: { write: (t: string) => { stderr += t; } }, env: { ...env, ...extraEnv } });
    return { code, stdout, stderr };
  };
  const viewer = async (key: string) => {
    const response = await graphql<{ viewer: { id: string } }>(service.url, '{ viewer { id } }', { key });
    return response.errors?.[0]?.extensions?.code ?? response.data?.viewer.id;
  };

  it('creates an organization and prints its key once; rotates it (old key refused, new one works); revokes it; gets a locked-out organization a key back', async () => {
    const created = await admin('create-organization', '--name', 'Acme Boxes', '--kind', 'producer', '--json');
    expect(created.code, created.stderr).to.equal(0);
    const org = JSON.parse(created.stdout) as Created;
    expect(org.organization).to.deep.include({ name: 'Acme Boxes', kind: 'PRODUCER' });
    expect(org.apiKey).to.match(/^glk_[a-f0-9]{16}_/);
    expect(await viewer(org.apiKey)).to.equal(org.organization.id);

    const rotated = await admin('rotate-key', '--organization', org.organization.id);
    expect(rotated.code, rotated.stderr).to.equal(0);
    const newKey = /new key: (glk_\S+)/.exec(rotated.stdout)?.[1] ?? '';
    expect(rotated.stdout).to.contain(`Rotated Acme Boxes's key ${keyId(org.apiKey)}`).and.contain(`old key ${keyId(org.apiKey)} stopped working at `);
    expect(await viewer(org.apiKey), 'the old key').to.equal('UNAUTHENTICATED');
    expect(await viewer(newKey), 'the new key').to.equal(org.organization.id);

    const revoked = await admin('revoke-key', '--key-id', keyId(newKey));
    expect(revoked.code, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.contain(`Revoked key ${keyId(newKey)}`);
    expect(await viewer(newKey), 'the revoked key').to.equal('UNAUTHENTICATED');

    // Every key is ended now: the operator rotates the newest, and the organization has a working key again.
    const recovered = await admin('rotate-key', '--organization', org.organization.id, '--json');
    expect(recovered.code, recovered.stderr).to.equal(0);
    const back = JSON.parse(recovered.stdout) as Rotated;
    expect(back.replaced).to.deep.include({ id: keyId(newKey), active: false });
    expect(back.key).to.deep.include({ active: true, replaces: keyId(newKey) });
    expect(await viewer(back.apiKey)).to.equal(org.organization.id);

    const listed = await cli(['list-keys', '--organization', org.organization.id]);
    expect(listed.code).to.equal(0);
    // A key reads glk_<16 hex id>_<secret>; the secret (base64url, may hold _) is never listed.
    expect(listed.stdout).to.contain('3 key(s)').and.not.contain(back.apiKey.slice('glk_0123456789abcdef_'.length));
  });

  it('exits 2 on a mistake in the command line and 1, printing the API’s code, when the API refuses', async () => {
    const usage = await admin('rotate-key', '--organization', 'acme');
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.contain('error: --organization must be an organization id (24 hex digits) (got "acme")').and.contain('Usage: npm run admin -- rotate-key');
    const refused = await admin('revoke-key', '--key-id', '0123456789abcdef');
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.contain('error: NOT_FOUND');

    for (const [args, message] of [
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['create-organization', '--kind', 'PRODUCER'], '--name <name> is required'],
      [['create-organization', '--name', 'X', '--kind', 'SHOP'], '--kind must be one of PRODUCER, PLATFORM, COLLECTOR, REGULATOR (got "SHOP")'],
      [['create-organization', '--name'], '--name needs a value'],
      [['create-organization', '--name', 'X', '--kind', 'PRODUCER', '--colour', 'green'], 'unknown option --colour'],
      [['rotate-key', '--organization', '0123456789abcdef01234567', '--overlap', '90000'], '--overlap must be a whole number from 0 to 86400 (got 90000)'],
      [['recompute-compliance', '--period', '2026-13'], '--period must be a year (2026), half (2026-H1), quarter (2026-Q3) or month (2026-11) (got "2026-13")'],
      [['recompute-compliance'], '--period <period> is required'],
      [['activate-standard', 'standard.json'], 'activating a standard needs a REGULATOR organization\'s key'],
      [['activate-standard'], 'missing argument'],
    ] as const) {
      const run = await cli([...args]);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.stderr, args.join(' ')).to.contain(`error: ${message}`);
    }
    const noKey = await cli(['list-keys', '--organization', '0123456789abcdef01234567'], { ADMIN_API_KEY: 'glk_admin_wrong-key-0123456789abcdef' });
    expect(noKey.code).to.equal(1);
    expect(noKey.stderr).to.contain('error: UNAUTHENTICATED');
    const away = await cli(['list-keys', '--organization', '0123456789abcdef01234567', '--url', 'http://127.0.0.1:9/graphql']);
    expect(away.code).to.equal(1);
    expect(away.stderr).to.contain('error: UNREACHABLE').and.contain('Is GreenLoop running?');
    const unknownOrg = await cli(['list-keys', '--organization', '0123456789abcdef01234567']);
    expect([unknownOrg.code, unknownOrg.stderr.trim()]).to.deep.equal([1, 'error: NOT_FOUND: no organization has the id 0123456789abcdef01234567']);
  });

  it('explains every command with --help (exit 0), and lists them all without one (exit 2)', async () => {
    for (const command of COMMANDS) {
      const run = await cli([command.name, '--help']);
      expect(run.code, command.name).to.equal(0);
      expect(run.stdout, command.name).to.contain(`Usage: npm run admin -- ${command.name}`);
      for (const option of command.options) expect(run.stdout, command.name).to.contain(`--${option.name}`);
    }
    const overview = await cli(['--help']);
    expect(overview.code).to.equal(0);
    for (const command of COMMANDS) expect(overview.stdout).to.contain(command.name);
    expect((await cli([])).code).to.equal(2);
  });

  it('recomputes a period’s compliance with a progress bar and prints the snapshots’ counts and fees', async () => {
    expect((await cli(['create-organization', '--name', 'Second Producer', '--kind', 'PRODUCER'])).code).to.equal(0);
    // Every producer gets a snapshot; none of them has packaging on the market here, so each is compliant at no fee.
    const producers = await service.running.store.models.Organization.countDocuments({ kind: 'PRODUCER' });
    const run = await cli(['recompute-compliance', '--period', period]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/\[#{30}\] 100 %/);
    expect(run.stdout).to.match(new RegExp(`^Recomputed ${period} under GL-EPR-2026\\.2 for ${String(producers)} producer\\(s\\) in [0-9.]+ s\\.`));
    expect(run.stdout).to.contain(`compliant: ${String(producers)}, at risk: 0, non-compliant: 0`).and.contain('fees: GBP 0.00 in all');
    const json = await cli(['recompute-compliance', '--period', period, '--json']);
    expect(JSON.parse(json.stdout)).to.deep.include({ period, state: 'COMPLETED', progressPct: 100, producers });
  });

  it('activates a standard version from a file with a regulator’s key; the operator key alone is refused', async () => {
    const regulator = JSON.parse((await cli(['create-organization', '--name', 'Bureau', '--kind', 'REGULATOR', '--json'])).stdout) as Created;
    const shown = await cli(['show-standard', '--json']);
    expect(shown.code).to.equal(0);
    const standard = JSON.parse(shown.stdout) as { version: string; green: { minRecycledContentPct: number } };
    expect(standard.version).to.equal('GL-STD-2026.2');
    const dir = await mkdtemp(join(tmpdir(), 'admin-cli-'));
    try {
      const file = join(dir, 'standard.json');
      await writeFile(file, JSON.stringify({ ...standard, green: { ...standard.green, minRecycledContentPct: 40 } }));
      const byOperator = await cli(['activate-standard', file, '--version', 'GL-STD-2026.9', '--regulator-key', TEST_ADMIN_KEY]);
      expect(byOperator.code).to.equal(1);
      expect(byOperator.stderr).to.contain('error: FORBIDDEN');
      const activated = await cli(['activate-standard', file, '--version', 'GL-STD-2026.9'], { REGULATOR_API_KEY: regulator.apiKey });
      expect(activated.code, activated.stderr).to.equal(0);
      expect(activated.stdout).to.contain('Activated standard GL-STD-2026.9');
      const active = await graphql<{ standard: { version: string; green: { minRecycledContentPct: number } } }>(service.url, '{ standard { version green { minRecycledContentPct } } }', { key: regulator.apiKey });
      expect(active.data?.standard).to.deep.equal({ version: 'GL-STD-2026.9', green: { minRecycledContentPct: 40 } });
      const changed = await cli(['activate-standard', file, '--version', 'GL-STD-2026.9', '--regulator-key', regulator.apiKey, '--effective-from', '2026-01-02']);
      expect(changed.code).to.equal(1);
      expect(changed.stderr).to.contain('error: VALIDATION (input.version)');
      const back = await cli(['activate-standard', 'GL-STD-2026.2', '--regulator-key', regulator.apiKey]);
      expect(back.code, back.stderr).to.equal(0);
      expect((await graphql<{ standard: { version: string } }>(service.url, '{ standard { version } }', { key: regulator.apiKey })).data?.standard.version).to.equal('GL-STD-2026.2');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
