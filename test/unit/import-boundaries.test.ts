// The layers' import rule (eslint.config.js, docs/architecture.md) as `npm run lint` applies it: an import that runs
// back up a layer fails, one that runs down passes.
import { expect } from 'chai';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

/** The layer-rule messages for a module at `filePath` (an existing file, so the type-aware config covers it) that holds only `source`. */
async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const CASES: readonly { from: string; imports: string; allowed: boolean }[] = [
  { from: 'server/services/checkout.ts', imports: '../../graphql/context.js', allowed: false },
  { from: 'server/services/checkout.ts', imports: '../../app/process.js', allowed: false },
  { from: 'server/services/checkout.ts', imports: '../http/bearer-token.js', allowed: false },
  { from: 'server/services/checkout.ts', imports: '../db/models/index.js', allowed: true },
  { from: 'server/services/checkout.ts', imports: '../queues/job-types.js', allowed: true },
  { from: 'server/db/duplicate-key.ts', imports: '../services/index.js', allowed: false },
  { from: 'server/queues/queue-set.ts', imports: '../../jobs/worker.js', allowed: false },
  { from: 'server/config.ts', imports: './services/index.js', allowed: false },
  { from: 'server/db/duplicate-key.ts', imports: '../domain/packaging.js', allowed: true },
  { from: 'server/domain/geo.ts', imports: '../clock.js', allowed: false },
  { from: 'server/domain/geo.ts', imports: 'mongoose', allowed: false },
  { from: 'server/domain/geo.ts', imports: './packaging.js', allowed: true },
  { from: 'server/domain/mail-templates/mail-document.ts', imports: '../../config.js', allowed: false },
  { from: 'server/domain/mail-templates/mail-document.ts', imports: '../mail-locale.js', allowed: true },
  { from: 'graphql/errors.ts', imports: '../app/process.js', allowed: false },
  { from: 'graphql/errors.ts', imports: '../jobs/worker.js', allowed: false },
  { from: 'graphql/errors.ts', imports: '../server/services/index.js', allowed: true },
  { from: 'graphql/authorization.ts', imports: '../server/db/models/organization.js', allowed: false },
  { from: 'graphql/resolvers/catalog.ts', imports: '../../server/db/models/packaging-type.js', allowed: false },
  { from: 'graphql/authorization.ts', imports: '../server/db/keys.js', allowed: true },
  { from: 'graphql/resolvers/checkout.ts', imports: '../../server/services/checkout.js', allowed: true },
  { from: 'server/http/exports.ts', imports: '../db/models/organization.js', allowed: false },
  { from: 'server/http/exports.ts', imports: '../services/identity.js', allowed: true },
  { from: 'jobs/worker.ts', imports: '../graphql/context.js', allowed: false },
  { from: 'jobs/processors/mail.ts', imports: '../../server/db/models/mail.js', allowed: false },
  { from: 'server/metrics/metrics.ts', imports: '../db/models/credit-entry.js', allowed: false },
  { from: 'server/http/authentication.ts', imports: '../../graphql/context.js', allowed: false },
  { from: 'app/process.ts', imports: '../graphql/apollo.js', allowed: true },
];

describe('import boundaries between layers (npm run lint)', function () {
  this.timeout(120_000);

  for (const { from, imports, allowed } of CASES) {
    it(`${allowed ? 'lets' : 'stops'} ${from} import ${imports}`, async () => {
      const errors = await boundaryErrors(from, `import type * as probe from '${imports}';\nexport type Probe = typeof probe;\n`);
      if (allowed) expect(errors).to.deep.equal([]);
      else expect(errors).to.have.length(1).and.to.satisfy((m: string[]) => m[0]?.includes('docs/architecture.md'));
    });
  }
});
