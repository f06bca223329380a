import { DateTimeResolver } from 'graphql-scalars';
import { campaignsResolvers } from './campaigns.js';
import { catalogResolvers } from './catalog.js';
import { checkoutResolvers } from './checkout.js';
import { complianceRecomputationResolvers } from './compliance-recomputation.js';
import { creditsResolvers } from './credits.js';
import { identityResolvers } from './identity.js';
import { recyclingResolvers } from './recycling.js';
import { responsibilityResolvers } from './responsibility.js';
import { ruleSetsResolvers } from './rule-sets.js';

export const resolvers = {
  DateTime: DateTimeResolver,
  Query: { ...identityResolvers.Query, ...catalogResolvers.Query, ...checkoutResolvers.Query, ...creditsResolvers.Query, ...campaignsResolvers.Query, ...recyclingResolvers.Query, ...responsibilityResolvers.Query, ...ruleSetsResolvers.Query, ...complianceRecomputationResolvers.Query },
  Mutation: { ...identityResolvers.Mutation, ...catalogResolvers.Mutation, ...checkoutResolvers.Mutation, ...creditsResolvers.Mutation, ...campaignsResolvers.Mutation, ...recyclingResolvers.Mutation, ...responsibilityResolvers.Mutation, ...ruleSetsResolvers.Mutation, ...complianceRecomputationResolvers.Mutation },
  Organization: identityResolvers.Organization,
  ApiKey: identityResolvers.ApiKey,
  PackagingType: catalogResolvers.PackagingType,
  Standard: catalogResolvers.Standard,
  Quote: checkoutResolvers.Quote,
  PackagingOption: checkoutResolvers.PackagingOption,
  PackagingChoice: checkoutResolvers.PackagingChoice,
  PricingRules: checkoutResolvers.PricingRules,
  CreditAccount: creditsResolvers.CreditAccount,
  CreditEntry: creditsResolvers.CreditEntry,
  CreditHold: creditsResolvers.CreditHold,
  EarningRules: creditsResolvers.EarningRules,
  CollectionPoint: recyclingResolvers.CollectionPoint,
  ReusableUnit: recyclingResolvers.ReusableUnit,
  ReturnEvent: recyclingResolvers.ReturnEvent,
  ReturnReview: recyclingResolvers.ReturnReview,
  DepositRefund: recyclingResolvers.DepositRefund,
  RecyclingReport: responsibilityResolvers.RecyclingReport,
  RecyclingReportDecision: responsibilityResolvers.RecyclingReportDecision,
  PlacedOnMarketDeclaration: responsibilityResolvers.PlacedOnMarketDeclaration,
  PlacedOnMarketLine: responsibilityResolvers.PlacedOnMarketLine,
  ComplianceReport: responsibilityResolvers.ComplianceReport,
  ComplianceLine: responsibilityResolvers.ComplianceLine,
  RankingRow: responsibilityResolvers.RankingRow,
  ComplianceRecomputation: complianceRecomputationResolvers.ComplianceRecomputation,
};
