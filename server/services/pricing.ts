import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { Models } from '../db/models/index.js';
import { DEFAULT_PRICING_RULES, parsePricingRules, type PricingRules, type PricingRulesInput } from '../domain/pricing-rules.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';

export interface PricingService {
  /** The platform's rules in force: its latest version, or the defaults (version 0) before it set any. */
  pricingRules(platformId: Types.ObjectId): Promise<PricingRules>;
  /** Validates the whole set and stores it as the next version; the same rules as the current ones add nothing. */
  setPricingRules(platformId: Types.ObjectId, input: PricingRulesInput): Promise<Outcome<PricingRules>>;
}

const sameRules = (a: PricingRules, b: PricingRules) =>
  JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });

export function createPricingService(models: Models, now: () => Date = () => new Date()): PricingService {
  const { PricingRulesVersion } = models;

  async function pricingRules(platformId: Types.ObjectId): Promise<PricingRules> {
    const latest = await PricingRulesVersion.findOne({ platformId }).sort({ version: -1 }).lean();
    return latest ? latest.rules : DEFAULT_PRICING_RULES;
  }

  return {
    pricingRules,
    async setPricingRules(platformId, input) {
      for (;;) {
        const current = await pricingRules(platformId);
        const parsed = parsePricingRules(input, current.version + 1);
        if (!parsed.rules) return fail(...parsed.errors);
        if (current.version > 0 && sameRules(current, parsed.rules)) return succeed(current);
        try {
          await PricingRulesVersion.create({ platformId, version: parsed.rules.version, rules: parsed.rules, createdAt: now() });
          return succeed(parsed.rules);
        } catch (error) {
          // Another request took this version number first: read the new head and try again.
          if (!isDuplicateKeyError(error)) throw error;
        }
      }
    },
  };
}
