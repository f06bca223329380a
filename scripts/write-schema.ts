// `npm run schema`: writes schema.graphql from the code's schema (scripts/schema-artifact.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { renderSchema, SCHEMA_FILE } from './schema-artifact.js';

const next = renderSchema();
const previous = await readFile(SCHEMA_FILE, 'utf8').catch(() => null);
const where = relative(process.cwd(), SCHEMA_FILE) || SCHEMA_FILE;
if (previous === next) {
  console.log(`${where} is up to date`);
} else {
  await writeFile(SCHEMA_FILE, next);
  console.log(`${where} ${previous === null ? 'written' : 'updated'} (${next.split('\n').length} lines)`);
}
