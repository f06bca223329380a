import { DateTimeResolver } from 'graphql-scalars';
import { identityResolvers } from './identity.js';

export const resolvers = {
  DateTime: DateTimeResolver,
  Query: { ...identityResolvers.Query },
  Mutation: { ...identityResolvers.Mutation },
  Organization: identityResolvers.Organization,
};
