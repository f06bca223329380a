import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { renderSchema, SCHEMA_FILE } from '../../scripts/schema-artifact.js';

/** The first line where two texts differ, for a failure message a person can act on. */
function firstDifference(committed: string, current: string): string {
  const a = committed.split('\n');
  const b = current.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: committed ${JSON.stringify(a[i] ?? '<end of file>')}, code ${JSON.stringify(b[i] ?? '<end of file>')}`;
    }
  }
  return 'no line differs';
}

describe('schema artifact (schema.graphql)', () => {
  it('matches the schema the code serves, so clients read the real contract', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => null);
    if (committed === null) expect.fail('schema.graphql is missing: run `npm run schema` and commit it');
    const current = renderSchema();
    if (committed !== current) {
      expect.fail(`schema.graphql is out of date with graphql/schema (${firstDifference(committed, current)}): run \`npm run schema\` and commit schema.graphql`);
    }
  });
});
