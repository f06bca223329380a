import { choiceCampaignCredits, type Campaign, type CampaignCredit } from './campaigns.js';
import { baselineCo2eGrams, co2eAvoidedGrams, packagingCo2eGrams, type CarbonFactors, type CarbonOfType } from './carbon.js';
import { creditsForChoice, type EarningRules, type GreenLevelRule } from './earning-rules.js';
import { volumeMm3, type Dimensions, type PackagingClass, type PackagingFormat } from './packaging.js';
import { emptySpaceRatio, fitsInside, withinEmptySpaceLimit, type Parcel } from './parcel-fit.js';
import { PRICED_CLASSES, priceOption, type PricingRules } from './pricing-rules.js';
import { recommendOption } from './quote-options.js';
import type { Standard } from './standard.js';

/** Formats a parcel can ship in; fillers and tape are packaging too, but never the box. */
export const CONTAINER_FORMATS: readonly PackagingFormat[] = ['BOX', 'MAILER', 'ENVELOPE', 'BAG'];

/** The smallest fitting packaging type of a class, as the catalogue index found it. */
export interface Candidate extends CarbonOfType {
  readonly packagingTypeId: string;
  readonly revision: number;
  readonly packagingClass: PackagingClass;
  readonly innerDimensions: Dimensions;
  /** The heaviest contents the type is made for; null: it declares no limit. */
  readonly maxLoadGrams: number | null;
}

export interface OptionDraft {
  readonly id: string;
  readonly packagingClass: PackagingClass;
  /** null: ships in the product's own packaging. */
  readonly packagingTypeId: string | null;
  readonly packagingTypeRevision: number | null;
  readonly priceMinor: number;
  readonly depositMinor: number;
  readonly currency: string;
  readonly credits: number;
  readonly emptySpaceRatio: number;
  readonly recommended: boolean;
  readonly ownPackaging: boolean;
  /** Grams of CO2e of the packaging for this parcel (0 for own packaging), by the quote's carbon factors. */
  readonly co2eGrams: number;
  /** Grams of CO2e it avoids against the single-use box the parcel would otherwise ship in. */
  readonly co2eAvoidedGrams: number;
  /** What running campaigns add to `credits` (already included in it), one line per campaign. */
  readonly campaignCredits: readonly CampaignCredit[];
}

/**
 * The options of a quote: at most one per priced class (the first candidate of that class that fits the parcel
 * within the standard's empty-space limit, compared exactly, and carries its weight), plus "ship in the product's own packaging" as REDUCED when the parcel
 * allows it; each priced by the platform's rules and previewed with the credits the ledger will give for it.
 * Exactly one option is recommended: the greenest, then the cheapest. Each carries its CO2e and what it avoids
 * against the single-use box around the parcel (carbon.ts).
 */
export function buildQuoteOptions(input: {
  readonly parcel: Parcel;
  readonly candidates: readonly Candidate[];
  readonly standard: Standard;
  readonly pricing: PricingRules;
  readonly earning: EarningRules;
  readonly carbon: CarbonFactors;
  /** The platform's campaigns and the quote's moment: those running add to the credits (domain/campaigns.ts). */
  readonly campaigns?: { readonly list: readonly Campaign[]; readonly atMs: number; readonly mayBeFirstGreenChoice: boolean };
  /** The consumer's green level: its multiplier applies to the credits, and it may waive the reusable deposit. */
  readonly level: Pick<GreenLevelRule, 'multiplierPct' | 'depositFree'>;
}): OptionDraft[] {
  const { parcel, standard, pricing, earning, carbon, level } = input;
  const { multiplierPct } = level;
  const drafts: Omit<OptionDraft, 'id' | 'recommended'>[] = [];
  const baseline = baselineCo2eGrams(carbon, parcel);
  /** The option's credits: its class's, times the level, plus what running campaigns add. */
  const earned = (choice: { packagingClass: PackagingClass; ownPackaging: boolean }) => {
    const base = creditsForChoice(earning, choice, multiplierPct);
    const c = input.campaigns;
    const campaignCredits = c ? choiceCampaignCredits(c.list, choice, base, c.atMs, c.mayBeFirstGreenChoice) : [];
    return { credits: campaignCredits.reduce((sum, line) => sum + line.credits, base), campaignCredits };
  };

  if (parcel.shipsInOwnPackaging) {
    const price = priceOption(pricing, 'REDUCED', volumeMm3(parcel) / 1000);
    drafts.push({
      packagingClass: 'REDUCED',
      packagingTypeId: null,
      packagingTypeRevision: null,
      ...price,
      ...earned({ packagingClass: 'REDUCED', ownPackaging: true }),
      emptySpaceRatio: 0,
      ownPackaging: true,
      co2eGrams: 0,
      co2eAvoidedGrams: baseline,
    });
  }
  for (const packagingClass of PRICED_CLASSES) {
    const fitting = input.candidates.find(
      (c) =>
        c.packagingClass === packagingClass &&
        fitsInside(parcel, c.innerDimensions) &&
        withinEmptySpaceLimit(parcel, c.innerDimensions, standard.maxEmptySpaceRatio) &&
        (c.maxLoadGrams === null || parcel.weightGrams <= c.maxLoadGrams),
    );
    if (!fitting) continue;
    const co2eGrams = packagingCo2eGrams(carbon, fitting);
    drafts.push({
      packagingClass,
      packagingTypeId: fitting.packagingTypeId,
      packagingTypeRevision: fitting.revision,
      ...priceFor(pricing, packagingClass, volumeMm3(fitting.innerDimensions) / 1000, level.depositFree),
      ...earned({ packagingClass, ownPackaging: false }),
      emptySpaceRatio: emptySpaceRatio(parcel, fitting.innerDimensions),
      ownPackaging: false,
      co2eGrams,
      co2eAvoidedGrams: co2eAvoidedGrams(baseline, co2eGrams),
    });
  }
  const recommended = recommendOption(drafts);
  return drafts.map((draft, i) => ({ ...draft, id: `o${i + 1}`, recommended: i === recommended }));
}

/** The class's price; a level that is deposit-free takes reusable packaging without the deposit. */
function priceFor(pricing: PricingRules, packagingClass: PackagingClass, innerVolumeCm3: number, depositFree: boolean) {
  const price = priceOption(pricing, packagingClass, innerVolumeCm3);
  return depositFree ? { ...price, depositMinor: 0 } : price;
}

/**
 * The largest inner volume worth searching the catalogue for: the empty-space limit, widened by a millionth for the
 * float division (buildQuoteOptions makes the exact decision).
 */
export function maxInnerVolumeMm3(parcel: Dimensions, standard: Standard): number {
  const keep = 1 - standard.maxEmptySpaceRatio - 0.000001;
  return keep <= 0 ? Number.MAX_SAFE_INTEGER : Math.floor(volumeMm3(parcel) / keep);
}
