export const ruleSetsTypeDefs = /* GraphQL */ `
  """
  The fee scheme and targets producer responsibility is computed under, as versioned data the regulator activates:
  checked whole, never edited (a change is a new version), every compliance report naming the version it used.
  """
  type EprRuleSet {
    "EPR:<version>: a version is stored once and never changes."
    id: ID!
    "The version, e.g. GL-EPR-2026.2; ComplianceReport.ruleVersion names it."
    version: String!
    "True for the version in force: the latest activated, or the shipped one until a regulator activates any."
    inForce: Boolean!
    "When a regulator last activated this version; null for the version shipped with GreenLoop, never activated."
    activatedAt: DateTime
    "Where the numbers come from: one citation per source (regulation, published fee table)."
    sources: [String!]!
    "ISO 4217 code of every fee of the scheme, e.g. GBP; each compliance report carries it with its fees."
    currency: String!
    "The base fee per tonne of each material."
    baseFees: [MaterialBaseFee!]!
    "The fee band each recyclability grade pays in."
    bands: [GradeFeeBand!]!
    "Packaging in the RED band pays the base fee times redFactorPct / 100 (e.g. 120 for 1.2); GREEN pays less, so the scheme stays revenue-neutral."
    redFactorPct: Int!
    "Recycling targets (recycled / placed on the market, percent) by material; each step applies from its year on."
    recyclingTargets: [RecyclingTargetStep!]!
    "A material below its target by at most this many points is AT_RISK; further below, NON_COMPLIANT."
    atRiskMarginPct: Int!
    "Grams of CO2e avoided per carton reused: the published reference figure. Green-impact figures computed before the carbon factors (carbonFactors) existed used it; they now add up each parcel's co2eAvoidedGrams."
    co2eGramsPerCartonReused: Int!
    "The share of parcels to ship in reusable packaging, percent, by year from which it applies (e.g. EU PPWR art. 29: 40 from 2030)."
    reusableParcelShareTargets: [ShareTargetStep!]!
    "Reusable units in service across the scheme, by year from which it applies (e.g. China: 10,000,000 from 2025)."
    unitsInServiceTargets: [UnitsTargetStep!]!
  }
  "A material's base fee."
  type MaterialBaseFee {
    "The material."
    material: Material!
    "Base fee per tonne (1,000,000 g) in integer minor units of currency (pence for GBP)."
    feeMinorPerTonne: Int!
    "ISO 4217 code of the fee."
    currency: String!
  }
  "The fee band a recyclability grade pays in."
  type GradeFeeBand {
    "The recyclability grade."
    grade: RecyclabilityGrade!
    "Its fee band."
    ramRating: RamRating!
  }
  "Recycling targets applying from a year on (until a later step)."
  type RecyclingTargetStep {
    "The first year the step applies to."
    fromYear: Int!
    "One target per material."
    targets: [MaterialTarget!]!
  }
  "One material's recycling target."
  type MaterialTarget {
    "The material."
    material: Material!
    "Percent of the mass placed on the market to be recycled, 0-100."
    pct: Int!
  }
  "A share target applying from a year on."
  type ShareTargetStep {
    "The first year the step applies to."
    fromYear: Int!
    "The target, percent, 0-100."
    pct: Int!
  }
  "A count target applying from a year on."
  type UnitsTargetStep {
    "The first year the step applies to."
    fromYear: Int!
    "The number of reusable units to have in service."
    units: Int!
  }

  "The recycling loop's rules, as versioned data the regulator activates; every return names the version that judged it."
  type RecyclingRuleSet {
    "RECYCLING:<version>: a version is stored once and never changes."
    id: ID!
    "The version, e.g. GL-LOOP-2026.1; ReturnEvent.ruleVersion names it."
    version: String!
    "True for the version in force: the latest activated, or the shipped one until a regulator activates any."
    inForce: Boolean!
    "When a regulator last activated this version; null for the version shipped with GreenLoop, never activated."
    activatedAt: DateTime
    "Where the numbers come from, or why they were chosen."
    sources: [String!]!
    "A reusable unit shipped this many days ago and not back is presumed lost; its deposit stays with the platform."
    presumedLostAfterDays: Int!
    "One serial returned in two regions less than this many hours apart is flagged: it cannot have travelled between them."
    minHoursBetweenRegions: Int!
    "The window, in days, in which a region's unit returns are compared with the units shipped into it."
    regionWindowDays: Int!
    "More loose items than this from one consumer in one UTC day are flagged as implausible."
    maxItemsPerConsumerPerDay: Int!
  }

  "The factors every packaging option's CO2e is estimated with, as versioned data the regulator activates; every quote names the version it used."
  type CarbonFactorSet {
    "CARBON:<version>: a version is stored once and never changes."
    id: ID!
    "The version, e.g. GL-CARBON-2026.1; Quote.carbonVersion and PackagingOption.carbonVersion name it."
    version: String!
    "True for the version in force: the latest activated, or the shipped one until a regulator activates any."
    inForce: Boolean!
    "When a regulator last activated this version; null for the version shipped with GreenLoop, never activated."
    activatedAt: DateTime
    "Where each number comes from."
    sources: [String!]!
    "Grams of CO2e per kilogram of packaging made, one per material."
    materials: [MaterialCarbonFactor!]!
    "Grams of CO2e of one trip of a reusable unit (its way back, inspection, cleaning), added to its share of the making."
    reuseTripGrams: Int!
    "The baseline every option is compared with: a single-use regular slotted corrugated box (FEFCO 0201) around the parcel, of board weighing this many grams per square metre, counted as PAPER_CARD."
    baselineBoardGramsPerM2: Int!
  }
  "A material's carbon factor."
  type MaterialCarbonFactor {
    "The material."
    material: Material!
    "Grams of CO2e per kilogram of packaging made of it."
    gramsPerKg: Int!
  }
  "A whole version of the carbon factors."
  input CarbonFactorsInput {
    "1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit. A stored version with other factors is refused (VALIDATION): give the change a new version."
    version: String!
    "1 or more citations or reasons, each 1 to 300 characters."
    sources: [String!]!
    "Every material once, each a whole number of grams per kilogram from 0 to 1000000."
    materials: [MaterialCarbonFactorInput!]!
    "0-100000 grams."
    reuseTripGrams: Int!
    "1-10000 grams per square metre."
    baselineBoardGramsPerM2: Int!
  }
  "A material's carbon factor."
  input MaterialCarbonFactorInput {
    "The material."
    material: Material!
    "Grams of CO2e per kilogram, 0-1000000."
    gramsPerKg: Int!
  }
  "The result of activating a version of the carbon factors."
  type CarbonFactorsPayload {
    "The version now in force; null when userErrors is not empty."
    carbonFactors: CarbonFactorSet
    "Why nothing was activated; empty on success."
    userErrors: [UserError!]!
  }

  "A whole fee scheme version: every material and grade named once, each list in the order given."
  input EprRulesInput {
    "1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit. A stored version with other rules is refused (VALIDATION): give the change a new version."
    version: String!
    "1 or more citations, each 1 to 300 characters: where the numbers come from."
    sources: [String!]!
    "ISO 4217 code, three capital letters (e.g. GBP)."
    currency: String!
    "Every material once: its base fee per tonne, a whole number of minor units from 0 to 100000000."
    baseFees: [MaterialBaseFeeInput!]!
    "Every recyclability grade once, with its fee band."
    bands: [GradeFeeBandInput!]!
    "100 to 1000: RED pays base x redFactorPct / 100."
    redFactorPct: Int!
    "1 to 20 steps, fromYear strictly ascending (2000-2100); each step names every material once."
    recyclingTargets: [RecyclingTargetStepInput!]!
    "0-100 points."
    atRiskMarginPct: Int!
    "0-100000 grams."
    co2eGramsPerCartonReused: Int!
    "0 to 20 steps, fromYear strictly ascending (2000-2100); empty: no target."
    reusableParcelShareTargets: [ShareTargetStepInput!]!
    "0 to 20 steps, fromYear strictly ascending (2000-2100); empty: no target."
    unitsInServiceTargets: [UnitsTargetStepInput!]!
  }
  "A material's base fee, in the scheme's currency."
  input MaterialBaseFeeInput {
    "The material."
    material: Material!
    "Base fee per tonne, whole minor units, 0-100000000."
    feeMinorPerTonne: Int!
  }
  "A recyclability grade's fee band."
  input GradeFeeBandInput {
    "The grade."
    grade: RecyclabilityGrade!
    "Its fee band."
    ramRating: RamRating!
  }
  "Recycling targets from a year on."
  input RecyclingTargetStepInput {
    "2000-2100."
    fromYear: Int!
    "Every material once."
    targets: [MaterialTargetInput!]!
  }
  "One material's recycling target."
  input MaterialTargetInput {
    "The material."
    material: Material!
    "0-100."
    pct: Int!
  }
  "A share target from a year on."
  input ShareTargetStepInput {
    "2000-2100."
    fromYear: Int!
    "0-100."
    pct: Int!
  }
  "A count target from a year on."
  input UnitsTargetStepInput {
    "2000-2100."
    fromYear: Int!
    "A whole number from 0."
    units: Int!
  }
  "A whole version of the recycling loop's rules."
  input RecyclingRulesInput {
    "1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit. A stored version with other rules is refused (VALIDATION)."
    version: String!
    "1 or more citations or reasons, each 1 to 300 characters."
    sources: [String!]!
    "1-3650 days."
    presumedLostAfterDays: Int!
    "0-720 hours."
    minHoursBetweenRegions: Int!
    "1-365 days."
    regionWindowDays: Int!
    "1-100000 items."
    maxItemsPerConsumerPerDay: Int!
  }
  "The result of activating a fee scheme version."
  type EprRulesPayload {
    "The version now in force; null when userErrors is not empty."
    eprRules: EprRuleSet
    "Why nothing was activated; empty on success."
    userErrors: [UserError!]!
  }
  "The result of activating a version of the recycling loop's rules."
  type RecyclingRulesPayload {
    "The version now in force; null when userErrors is not empty."
    recyclingRules: RecyclingRuleSet
    "Why nothing was activated; empty on success."
    userErrors: [UserError!]!
  }

  extend type Query {
    "The fee scheme in force, or the version named (any stored or shipped one, to explain a report computed under it); null for a version that does not exist. Readable by every key."
    eprRules("A version; omitted: the one in force." version: String): EprRuleSet
    "The recycling loop's rules in force, or the version named; null for a version that does not exist. Readable by every key."
    recyclingRules("A version; omitted: the one in force." version: String): RecyclingRuleSet
    "The carbon factors in force, or the version named (to explain a quote made under it); null for a version that does not exist. Readable by every key."
    carbonFactors("A version; omitted: the one in force." version: String): CarbonFactorSet
  }

  extend type Mutation {
    "Stores a fee scheme version (checked whole) and puts it in force from now on (REGULATOR). Compliance computed from now on uses it and names it; reports computed before keep naming theirs. The same version with the same rules again is activated again; with other rules: VALIDATION."
    activateEprRules("The whole version." input: EprRulesInput!): EprRulesPayload!
    "Stores a version of the recycling loop's rules (checked whole) and puts it in force from now on (REGULATOR): returns recorded from now on are judged by it and name it. The same version with other rules: VALIDATION."
    activateRecyclingRules("The whole version." input: RecyclingRulesInput!): RecyclingRulesPayload!
    "Stores a version of the carbon factors (checked whole) and puts it in force from now on (REGULATOR): every API process quotes with it within a second, and each quote names it. The same version with other factors: VALIDATION."
    activateCarbonFactors("The whole version." input: CarbonFactorsInput!): CarbonFactorsPayload!
  }
`;
