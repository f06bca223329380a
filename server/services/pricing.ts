import type { Types } from 'mongoose';
import type { Clock } from '../clock.js';
import type { ReferenceData } from './reference-data.js';
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

/** Rules are read from the reference snapshot (no query per call) and written to the store, then announced. */
export function createPricingService(models: Pick<Models, 'EarningRulesVersion' | 'PricingRulesVersion'>, reference: ReferenceData, now?: Clock): PricingService {
  const announce = () => reference.changed();
  const pricing = createVersionedRules(rulesStore(models.PricingRulesVersion, now), DEFAULT_PRICING_RULES, parsePricingRules, announce);
  const earning = createVersionedRules(rulesStore(models.EarningRulesVersion, now), DEFAULT_EARNING_RULES, parseEarningRules, announce);
  return {
    pricingRules: async (platformId) => (await reference.current()).pricingRules(platformId.toHexString()),
    setPricingRules: (platformId, input) => pricing.set(platformId, input),
    earningRules: async (platformId) => (await reference.current()).earningRules(platformId.toHexString()),
    setEarningRules: (platformId, input) => earning.set(platformId, input),
  };
}
