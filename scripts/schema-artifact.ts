// The public schema as a file (schema.graphql): built exactly as Apollo builds it in graphql/apollo.ts
// (makeExecutableSchema over the same typeDefs and resolvers, so scalar resolvers contribute their descriptions),
// then printed in definition order. `npm run schema` writes it; test/unit/schema-artifact.test.ts fails on drift.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Apollo Server's own schema builder; package.json's overrides pin its version.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { printSchema } from 'graphql';
import { resolvers } from '../graphql/resolvers/index.js';
import { typeDefs } from '../graphql/schema/index.js';

export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');

const HEADER = '# GreenLoop GraphQL API, generated from graphql/schema by `npm run schema`. Do not edit by hand.';

/** The SDL of the running schema, with a header; the same input always prints the same text. */
export function renderSchema(): string {
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  return `${HEADER}\n\n${printSchema(schema)}\n`;
}
