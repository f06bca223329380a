import { campaignsTypeDefs } from './campaigns.js';
import { catalogTypeDefs } from './catalog.js';
import { checkoutTypeDefs } from './checkout.js';
import { commonTypeDefs } from './common.js';
import { complianceRecomputationTypeDefs } from './compliance-recomputation.js';
import { creditsTypeDefs } from './credits.js';
import { identityTypeDefs } from './identity.js';
import { recyclingTypeDefs } from './recycling.js';
import { responsibilityTypeDefs } from './responsibility.js';
import { ruleSetsTypeDefs } from './rule-sets.js';

/** The public schema, one module per area (API.md is the contract). */
export const typeDefs = [commonTypeDefs, identityTypeDefs, catalogTypeDefs, checkoutTypeDefs, creditsTypeDefs, campaignsTypeDefs, recyclingTypeDefs, responsibilityTypeDefs, ruleSetsTypeDefs, complianceRecomputationTypeDefs];
