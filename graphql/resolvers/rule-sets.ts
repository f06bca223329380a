import { ruleSetIdOf } from '../../server/db/keys.js';
import type { CarbonFactors } from '../../server/domain/carbon.js';
import type { EprRules, Rag } from '../../server/domain/epr.js';
import { MATERIALS, RECYCLABILITY_GRADES, type Material, type RecyclabilityGrade } from '../../server/domain/packaging.js';
import type { RecyclingRules } from '../../server/domain/recycling-rules.js';
import { fail, validationError, type UserError } from '../../server/domain/user-error.js';
import type { RuleSetView } from '../../server/services/rule-sets.js';
import { requireCaller, requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';

interface EprRulesInput {
  version: string;
  sources: string[];
  currency: string;
  baseFees: { material: Material; feeMinorPerTonne: number }[];
  bands: { grade: RecyclabilityGrade; ramRating: Rag }[];
  redFactorPct: number;
  recyclingTargets: { fromYear: number; targets: { material: Material; pct: number }[] }[];
  atRiskMarginPct: number;
  co2eGramsPerCartonReused: number;
  reusableParcelShareTargets: { fromYear: number; pct: number }[];
  unitsInServiceTargets: { fromYear: number; units: number }[];
}

type RecyclingRulesInput = RecyclingRules;

interface CarbonFactorsInput {
  version: string;
  sources: string[];
  materials: { material: Material; gramsPerKg: number }[];
  reuseTripGrams: number;
  baselineBoardGramsPerM2: number;
}

/** A list naming each key once, as a record; every key missing or repeated is a problem at its field. */
function byKey<K extends string, V>(
  items: readonly V[],
  keyOf: (item: V) => K,
  keys: readonly K[],
  field: readonly string[],
  what: string,
): { record: Partial<Record<K, V>>; errors: UserError[] } {
  const record: Partial<Record<K, V>> = {};
  const errors: UserError[] = [];
  for (const item of items) {
    const key = keyOf(item);
    if (record[key] !== undefined) errors.push(validationError([...field], `${what} ${key} is named more than once`));
    record[key] = item;
  }
  const missing = keys.filter((k) => record[k] === undefined);
  if (missing.length > 0) errors.push(validationError([...field], `every ${what} must be named once; missing: ${missing.join(', ')}`));
  return { record, errors };
}

function eprRulesOf(input: EprRulesInput): { rules: EprRules; errors: UserError[] } {
  const fees = byKey(input.baseFees, (f) => f.material, MATERIALS, ['input', 'baseFees'], 'material');
  const bands = byKey(input.bands, (b) => b.grade, RECYCLABILITY_GRADES, ['input', 'bands'], 'grade');
  const errors = [...fees.errors, ...bands.errors];
  const targets = input.recyclingTargets.map((step, i) => {
    const perMaterial = byKey(step.targets, (t) => t.material, MATERIALS, ['input', 'recyclingTargets', String(i), 'targets'], 'material');
    errors.push(...perMaterial.errors);
    return { fromYear: step.fromYear, pct: Object.fromEntries(MATERIALS.map((m) => [m, perMaterial.record[m]?.pct ?? -1])) as Record<Material, number> };
  });
  const rules: EprRules = {
    version: input.version,
    sources: input.sources,
    currency: input.currency,
    baseFeeMinorPerTonne: Object.fromEntries(MATERIALS.map((m) => [m, fees.record[m]?.feeMinorPerTonne ?? -1])) as Record<Material, number>,
    ragByGrade: Object.fromEntries(RECYCLABILITY_GRADES.map((g) => [g, bands.record[g]?.ramRating ?? 'RED'])) as Record<RecyclabilityGrade, Rag>,
    redFactorPct: input.redFactorPct,
    targets,
    atRiskMarginPct: input.atRiskMarginPct,
    co2eGramsPerCartonReused: input.co2eGramsPerCartonReused,
    reuseTargets: { reusableParcelSharePct: input.reusableParcelShareTargets, unitsInService: input.unitsInServiceTargets },
  };
  return { rules, errors };
}

function carbonFactorsOf(input: CarbonFactorsInput): { factors: CarbonFactors; errors: UserError[] } {
  const perMaterial = byKey(input.materials, (m) => m.material, MATERIALS, ['input', 'materials'], 'material');
  const factors: CarbonFactors = {
    version: input.version,
    sources: input.sources,
    materialGramsPerKg: Object.fromEntries(MATERIALS.map((m) => [m, perMaterial.record[m]?.gramsPerKg ?? -1])) as Record<Material, number>,
    reuseTripGrams: input.reuseTripGrams,
    baselineBoardGramsPerM2: input.baselineBoardGramsPerM2,
  };
  return { factors, errors: perMaterial.errors };
}

/** The schema's view of a version of the carbon factors (CarbonFactorSet). */
function carbonFactorSetView(view: RuleSetView<CarbonFactors>) {
  const { rules } = view;
  return {
    id: ruleSetIdOf('CARBON', rules.version),
    version: rules.version,
    inForce: view.inForce,
    activatedAt: view.activatedAt,
    sources: rules.sources,
    materials: MATERIALS.map((material) => ({ material, gramsPerKg: rules.materialGramsPerKg[material] })),
    reuseTripGrams: rules.reuseTripGrams,
    baselineBoardGramsPerM2: rules.baselineBoardGramsPerM2,
  };
}

/** The schema's view of a fee scheme version (EprRuleSet). */
function eprRuleSetView(view: RuleSetView<EprRules>) {
  const { rules } = view;
  return {
    id: ruleSetIdOf('EPR', rules.version),
    version: rules.version,
    inForce: view.inForce,
    activatedAt: view.activatedAt,
    sources: rules.sources,
    currency: rules.currency,
    baseFees: MATERIALS.map((material) => ({ material, feeMinorPerTonne: rules.baseFeeMinorPerTonne[material], currency: rules.currency })),
    bands: RECYCLABILITY_GRADES.map((grade) => ({ grade, ramRating: rules.ragByGrade[grade] })),
    redFactorPct: rules.redFactorPct,
    recyclingTargets: rules.targets.map((step) => ({ fromYear: step.fromYear, targets: MATERIALS.map((material) => ({ material, pct: step.pct[material] })) })),
    atRiskMarginPct: rules.atRiskMarginPct,
    co2eGramsPerCartonReused: rules.co2eGramsPerCartonReused,
    reusableParcelShareTargets: rules.reuseTargets.reusableParcelSharePct,
    unitsInServiceTargets: rules.reuseTargets.unitsInService,
  };
}

function recyclingRuleSetView(view: RuleSetView<RecyclingRules>) {
  return { ...view.rules, id: ruleSetIdOf('RECYCLING', view.rules.version), inForce: view.inForce, activatedAt: view.activatedAt };
}

export const ruleSetsResolvers = {
  Query: {
    eprRules: async (_: unknown, args: { version?: string | null }, context: GraphQLContext) => {
      requireCaller(context);
      const view = await context.services.ruleSets.eprVersion(args.version ?? null);
      return view ? eprRuleSetView(view) : null;
    },
    recyclingRules: async (_: unknown, args: { version?: string | null }, context: GraphQLContext) => {
      requireCaller(context);
      const view = await context.services.ruleSets.recyclingVersion(args.version ?? null);
      return view ? recyclingRuleSetView(view) : null;
    },
    carbonFactors: async (_: unknown, args: { version?: string | null }, context: GraphQLContext) => {
      requireCaller(context);
      const view = await context.services.ruleSets.carbonVersion(args.version ?? null);
      return view ? carbonFactorSetView(view) : null;
    },
  },
  Mutation: {
    activateEprRules: async (_: unknown, args: { input: EprRulesInput }, context: GraphQLContext) => {
      const regulator = requireOrganization(context, 'REGULATOR');
      const { rules, errors } = eprRulesOf(args.input);
      const outcome = errors.length > 0 ? fail(...errors) : await context.services.ruleSets.activateEpr(rules, regulator._id);
      return outcome.ok ? { eprRules: eprRuleSetView(outcome.value), userErrors: [] } : { eprRules: null, userErrors: outcome.errors };
    },
    activateRecyclingRules: async (_: unknown, args: { input: RecyclingRulesInput }, context: GraphQLContext) => {
      const regulator = requireOrganization(context, 'REGULATOR');
      const outcome = await context.services.ruleSets.activateRecycling({ ...args.input }, regulator._id);
      return outcome.ok ? { recyclingRules: recyclingRuleSetView(outcome.value), userErrors: [] } : { recyclingRules: null, userErrors: outcome.errors };
    },
    activateCarbonFactors: async (_: unknown, args: { input: CarbonFactorsInput }, context: GraphQLContext) => {
      const regulator = requireOrganization(context, 'REGULATOR');
      const { factors, errors } = carbonFactorsOf(args.input);
      const outcome = errors.length > 0 ? fail(...errors) : await context.services.ruleSets.activateCarbon(factors, regulator._id);
      return outcome.ok ? { carbonFactors: carbonFactorSetView(outcome.value), userErrors: [] } : { carbonFactors: null, userErrors: outcome.errors };
    },
  },
};
