import { DateTimeResolver } from 'graphql-scalars';
import { catalogResolvers } from './catalog.js';
import { identityResolvers } from './identity.js';

export const resolvers = {
  DateTime: DateTimeResolver,
  Query: { ...identityResolvers.Query, ...catalogResolvers.Query },
  Mutation: { ...identityResolvers.Mutation, ...catalogResolvers.Mutation },
  Organization: identityResolvers.Organization,
  PackagingType: catalogResolvers.PackagingType,
  Standard: catalogResolvers.Standard,
};
