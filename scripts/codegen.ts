// `npm run codegen`: writes each client's typed operations (scripts/operations-codegen.ts) from schema.graphql.
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { OPERATION_SETS, renderOperations } from './operations-codegen.js';

for (const set of OPERATION_SETS) {
  if (!(await access(set.operations).then(() => true, () => false))) {
    console.log(`skipped ${relative(process.cwd(), set.operations)}: no such file`);
    continue;
  }
  const next = await renderOperations(set);
  const previous = await readFile(set.generated, 'utf8').catch(() => null);
  const where = relative(process.cwd(), set.generated);
  if (previous === next) {
    console.log(`${where} is up to date`);
    continue;
  }
  await mkdir(dirname(set.generated), { recursive: true });
  await writeFile(set.generated, next);
  console.log(`${where} ${previous === null ? 'written' : 'updated'}`);
}
