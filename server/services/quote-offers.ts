import { Types } from 'mongoose';
import type { QuoteDoc, QuoteOption } from '../db/models/quote.js';
import { quoteOfferKeyOf } from '../db/keys.js';

/**
 * A quote is a 30-minute offer, not a fact: it lives in Redis with its expiry (no collection that only grows), and a
 * choice stores the whole option it accepted, so every figure stays recomputable from facts. A quote Redis lost (a
 * restart without persistence) is as good as expired: the platform asks for a new one.
 */
export interface QuoteOffers {
  put(quote: QuoteDoc, nowMs: number): Promise<void>;
  get(id: Types.ObjectId): Promise<QuoteDoc | null>;
}

/** Where the offers live: an expiring key-value store (the QueueSet's Redis connection). */
export interface ExpiringValues {
  putExpiring(key: string, value: string, ttlMs: number): Promise<void>;
  getExpiring(key: string): Promise<string | null>;
}

interface StoredOption extends Omit<QuoteOption, 'packagingTypeId'> { packagingTypeId: string | null }
interface StoredQuote extends Omit<QuoteDoc, '_id' | 'platformId' | 'options' | 'createdAt' | 'expiresAt'> {
  _id: string;
  platformId: string;
  options: StoredOption[];
  createdAtMs: number;
  expiresAtMs: number;
}

function stored(quote: QuoteDoc): StoredQuote {
  const { _id, platformId, options, createdAt, expiresAt, ...rest } = quote;
  return {
    ...rest,
    _id: _id.toHexString(),
    platformId: platformId.toHexString(),
    options: options.map((o) => ({ ...o, packagingTypeId: o.packagingTypeId?.toHexString() ?? null })),
    createdAtMs: createdAt.getTime(),
    expiresAtMs: expiresAt.getTime(),
  };
}

function revived(value: StoredQuote): QuoteDoc {
  const { _id, platformId, options, createdAtMs, expiresAtMs, ...rest } = value;
  return {
    ...rest,
    _id: new Types.ObjectId(_id),
    platformId: new Types.ObjectId(platformId),
    options: options.map((o) => ({ ...o, packagingTypeId: o.packagingTypeId === null ? null : new Types.ObjectId(o.packagingTypeId) })),
    createdAt: new Date(createdAtMs),
    expiresAt: new Date(expiresAtMs),
  };
}

export function createQuoteOffers(values: ExpiringValues): QuoteOffers {
  return {
    async put(quote, nowMs) {
      // Kept until the offer ends (at least a second, so a quote priced at its last instant is still there to refuse).
      await values.putExpiring(quoteOfferKeyOf(quote._id), JSON.stringify(stored(quote)), Math.max(1000, quote.expiresAt.getTime() - nowMs));
    },
    async get(id) {
      const value = await values.getExpiring(quoteOfferKeyOf(id));
      return value === null ? null : revived(JSON.parse(value) as StoredQuote);
    },
  };
}
