// The clients' typed operations are generated code checked in (like schema.graphql): this fails when a change to the
// schema or to an operations.graphql was made without `npm run codegen`.
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { expect } from 'chai';
import { OPERATION_SETS, renderOperations } from '../../scripts/operations-codegen.js';

describe('generated client operations', () => {
  for (const set of OPERATION_SETS) {
    it(`${relative(process.cwd(), set.generated)} is what npm run codegen writes`, async () => {
      const checkedIn = await readFile(set.generated, 'utf8');
      expect(checkedIn === await renderOperations(set), 'run `npm run codegen` and commit the result').to.equal(true);
    });
  }
});
