import type { Types } from 'mongoose';
import type { CampaignCredit } from '../../domain/campaigns.js';
import type { PackagingClass } from '../../domain/packaging.js';
import type { Parcel } from '../../domain/parcel-fit.js';

/** One offered option, frozen at quote time with the packaging revision and rule versions it came from. */
export interface QuoteOption {
  /** Unique within its quote: `o1`, `o2`, ... */
  id: string;
  packagingClass: PackagingClass;
  /** null: ships in the product's own packaging. */
  packagingTypeId: Types.ObjectId | null;
  packagingTypeRevision: number | null;
  priceMinor: number;
  depositMinor: number;
  currency: string;
  credits: number;
  emptySpaceRatio: number;
  recommended: boolean;
  /** Grams of CO2e of the packaging for this parcel, and what it avoids against a single-use box (domain/carbon.ts);
   *  absent in options offered before carbon was counted. */
  co2eGrams?: number;
  co2eAvoidedGrams?: number;
  /** The carbon factors' version; absent before carbon was counted. */
  carbonVersion?: string;
  /** What running campaigns added to `credits` (included in it); absent before campaigns existed. */
  campaignCredits?: CampaignCredit[];
}

/** A quote: an offer kept in Redis until it expires (server/services/quote-offers.ts); a choice refers to it. */
export interface QuoteDoc {
  _id: Types.ObjectId;
  platformId: Types.ObjectId;
  consumerRef: string;
  parcel: Parcel;
  standardVersion: string;
  pricingVersion: number;
  earningVersion: number;
  /** The carbon factors' version (absent in quotes made before carbon was counted). */
  carbonVersion?: string;
  /** The consumer's green level the credits and deposits were priced at. */
  levelName: string | null;
  options: QuoteOption[];
  createdAt: Date;
  expiresAt: Date;
}
