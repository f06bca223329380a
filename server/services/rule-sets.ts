import type { Types } from 'mongoose';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import type { Models } from '../db/models/index.js';
import type { RuleSetKind } from '../db/models/rule-set.js';
import { ruleSetIdOf } from '../db/keys.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { CARBON_FACTORS, type CarbonFactors } from '../domain/carbon.js';
import { EPR_RULES, type EprRules } from '../domain/epr.js';
import { RECYCLING_RULES, type RecyclingRules } from '../domain/recycling-rules.js';
import { carbonFactorsProblems, eprRulesProblems, recyclingRulesProblems } from '../domain/rule-set-checks.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';
import { keptReads } from './kept-reads.js';

// The regulator's rule sets as activated, versioned data, like the packaging standard: a version is checked whole,
// stored once and never edited (the same version with other rules is refused), and activating it is a fact of its
// own. The latest activation of a kind is in force; before any, the version shipped with the code. Everything computed
// under a rule set names its version, and every version stays readable, so each figure can be explained.

/** A rule set as in force or as stored: its rules, and when it was activated (null: shipped, never activated). */
export interface RuleSetView<R> {
  readonly rules: R;
  readonly activatedAt: Date | null;
  /** Whether it is the version in force. */
  readonly inForce: boolean;
}

export interface RuleSetsService {
  /** The fee scheme and targets in force. */
  epr(): Promise<EprRules>;
  /** The recycling loop's rules in force. */
  recycling(): Promise<RecyclingRules>;
  /** A version of the fee scheme (the one in force when `version` is null); null when no such version exists. */
  eprVersion(version: string | null): Promise<RuleSetView<EprRules> | null>;
  recyclingVersion(version: string | null): Promise<RuleSetView<RecyclingRules> | null>;
  carbonVersion(version: string | null): Promise<RuleSetView<CarbonFactors> | null>;
  /** Stores (once) and activates a fee scheme version from now on. */
  activateEpr(rules: EprRules, regulatorId: Types.ObjectId): Promise<Outcome<RuleSetView<EprRules>>>;
  activateRecycling(rules: RecyclingRules, regulatorId: Types.ObjectId): Promise<Outcome<RuleSetView<RecyclingRules>>>;
  /** Carbon factors are reference data: quotes take them from the reference snapshot (reference-data.ts). */
  activateCarbon(factors: CarbonFactors, regulatorId: Types.ObjectId): Promise<Outcome<RuleSetView<CarbonFactors>>>;
}

/** How long a process answers the rules in force from memory; an activation in this process is seen at once. */
const IN_FORCE_TTL_MS = 1000;

interface KindOf<R> {
  readonly kind: RuleSetKind;
  readonly shipped: R;
  readonly problems: (rules: R) => string[];
  /** How the kind is named in messages. */
  readonly called: string;
}

const EPR_KIND: KindOf<EprRules> = { kind: 'EPR', shipped: EPR_RULES, problems: eprRulesProblems, called: 'fee scheme' };
const RECYCLING_KIND: KindOf<RecyclingRules> = { kind: 'RECYCLING', shipped: RECYCLING_RULES, problems: recyclingRulesProblems, called: 'recycling rules' };
export const CARBON_KIND: KindOf<CarbonFactors> = { kind: 'CARBON', shipped: CARBON_FACTORS, problems: carbonFactorsProblems, called: 'carbon factors' };

/** The version of a kind in force, read from the store now: the newest activation, else the shipped version. */
export async function readRuleSetInForce<R extends { readonly version: string }>(
  models: Pick<Models, 'RuleSet' | 'RuleSetActivation'>,
  of: KindOf<R>,
): Promise<RuleSetView<R>> {
  const { RuleSet, RuleSetActivation } = models;
  // The activations of a kind are few (a regulator activates a version a year or so): the newest is the one in force.
  const activation = await RuleSetActivation.findOne({ kind: of.kind }).sort({ activatedAt: -1, _id: -1 }).lean();
  if (!activation) return { rules: of.shipped, activatedAt: null, inForce: true };
  const stored = await RuleSet.findById(ruleSetIdOf(of.kind, activation.version)).lean();
  if (!stored) throw new Error(`${of.kind} rules ${activation.version} are activated but not stored`);
  return { rules: stored.rules as R, activatedAt: activation.activatedAt, inForce: true };
}

export function createRuleSetsService(deps: {
  models: Pick<Models, 'RuleSet' | 'RuleSetActivation'>;
  /** Told of every activation once it is recorded (a new fee scheme: the running periods are computed again). */
  activated: (kind: RuleSetKind, activationId: string) => Promise<void>;
  now?: () => Date;
}): RuleSetsService {
  const { models } = deps;
  const now = deps.now ?? (() => new Date());
  const { RuleSet, RuleSetActivation } = models;

  const inForce = keptReads<RuleSetView<EprRules> | RuleSetView<RecyclingRules> | RuleSetView<CarbonFactors>>(
    (kind) => (kind === 'EPR' ? readRuleSetInForce(models, EPR_KIND) : kind === 'RECYCLING' ? readRuleSetInForce(models, RECYCLING_KIND) : readRuleSetInForce(models, CARBON_KIND)),
    { ttlMs: IN_FORCE_TTL_MS, max: 3 },
  );
  const eprInForce = () => inForce.get('EPR') as Promise<RuleSetView<EprRules>>;
  const recyclingInForce = () => inForce.get('RECYCLING') as Promise<RuleSetView<RecyclingRules>>;
  const carbonInForce = () => inForce.get('CARBON') as Promise<RuleSetView<CarbonFactors>>;

  async function version<R extends { readonly version: string }>(of: KindOf<R>, current: () => Promise<RuleSetView<R>>, wanted: string | null): Promise<RuleSetView<R> | null> {
    const active = await current();
    if (wanted === null || wanted === active.rules.version) return active;
    const stored = await RuleSet.findById(ruleSetIdOf(of.kind, wanted)).lean();
    if (stored) {
      const activation = await RuleSetActivation.findOne({ kind: of.kind, version: wanted }).sort({ activatedAt: -1, _id: -1 }).lean();
      return { rules: stored.rules as R, activatedAt: activation?.activatedAt ?? null, inForce: false };
    }
    return wanted === of.shipped.version ? { rules: of.shipped, activatedAt: null, inForce: false } : null;
  }

  async function activate<R extends { readonly version: string }>(of: KindOf<R>, rules: R, regulatorId: Types.ObjectId): Promise<Outcome<RuleSetView<R>>> {
    const problems = of.problems(rules);
    if (problems.length > 0) return fail(...problems.map((p) => validationError(['input'], p)));
    // The shipped version is stored too when named, so that it cannot come back with other rules either.
    const differs = (stored: unknown) => canonicalJson(stored) !== canonicalJson(rules);
    if (rules.version === of.shipped.version && differs(of.shipped)) return fail(sameVersionOtherRules(of, rules.version));
    if ((await insertOnce(RuleSet.create({ _id: ruleSetIdOf(of.kind, rules.version), kind: of.kind, version: rules.version, rules, createdAt: now() }))) === DUPLICATE) {
      const stored = await RuleSet.findById(ruleSetIdOf(of.kind, rules.version)).lean();
      if (differs(stored?.rules)) return fail(sameVersionOtherRules(of, rules.version));
    }
    const activation = await RuleSetActivation.create({ kind: of.kind, version: rules.version, activatedAt: now(), activatedBy: regulatorId });
    inForce.forget(of.kind);
    await deps.activated(of.kind, activation._id.toHexString());
    return succeed({ rules, activatedAt: activation.activatedAt, inForce: true });
  }

  return {
    epr: async () => (await eprInForce()).rules,
    recycling: async () => (await recyclingInForce()).rules,
    eprVersion: (wanted) => version(EPR_KIND, eprInForce, wanted),
    recyclingVersion: (wanted) => version(RECYCLING_KIND, recyclingInForce, wanted),
    carbonVersion: (wanted) => version(CARBON_KIND, carbonInForce, wanted),
    activateEpr: (rules, regulatorId) => activate(EPR_KIND, rules, regulatorId),
    activateRecycling: (rules, regulatorId) => activate(RECYCLING_KIND, rules, regulatorId),
    activateCarbon: (factors, regulatorId) => activate(CARBON_KIND, factors, regulatorId),
  };
}

function sameVersionOtherRules(of: Pick<KindOf<unknown>, 'called'>, version: string) {
  return validationError(['input', 'version'], `${of.called} ${version} exist with other rules; a version is never edited, give the change a new version`);
}
