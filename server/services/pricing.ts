import type { Types } from 'mongoose';
import type { Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { DEFAULT_EARNING_RULES, parseEarningRules, type EarningRules, type EarningRulesInput } from '../domain/earning-rules.js';
import { DEFAULT_PRICING_RULES, parsePricingRules, type PricingRules, type PricingRulesInput } from '../domain/pricing-rules.js';
import type { Outcome } from '../domain/user-error.js';
import { createVersionedRules, rulesStore } from './platform-rules.js';

/** A platform's prices by packaging class and its credit rules, both versioned; quotes name the versions they used. */
export interface PricingService {
  pricingRules(platformId: Types.ObjectId): Promise<PricingRules>;
  setPricingRules(platformId: Types.ObjectId, input: PricingRulesInput): Promise<Outcome<PricingRules>>;
  earningRules(platformId: Types.ObjectId): Promise<EarningRules>;
  setEarningRules(platformId: Types.ObjectId, input: EarningRulesInput): Promise<Outcome<EarningRules>>;
}

export function createPricingService(models: Models, now?: Clock): PricingService {
  const pricing = createVersionedRules(rulesStore(models.PricingRulesVersion, now), DEFAULT_PRICING_RULES, parsePricingRules);
  const earning = createVersionedRules(rulesStore(models.EarningRulesVersion, now), DEFAULT_EARNING_RULES, parseEarningRules);
  return {
    pricingRules: (platformId) => pricing.current(platformId),
    setPricingRules: (platformId, input) => pricing.set(platformId, input),
    earningRules: (platformId) => earning.current(platformId),
    setEarningRules: (platformId, input) => earning.set(platformId, input),
  };
}
