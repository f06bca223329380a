import { Schema, type Connection, type Model } from 'mongoose';
import type { Rag } from '../../domain/epr.js';
import type { Material } from '../../domain/packaging.js';
import type { PeriodRevisionFields } from './period-revision.js';

/**
 * One revision of a producer's declaration of packaging placed on the market outside GreenLoop for a period,
 * insert-only like recycling reports: a correction is the next revision, and compliance counts the latest.
 */
export interface PlacedOnMarketDeclarationDoc extends PeriodRevisionFields {
  lines: { material: Material; grams: number; activity: string | null; rag: Rag; evidence: string[] }[];
}

const declarationSchema = new Schema<PlacedOnMarketDeclarationDoc>(
  {
    producerId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    revision: { type: Number, required: true },
    idempotencyKey: { type: String, required: true },
    requestHash: { type: String, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'placed_on_market_declarations', versionKey: false },
);
declarationSchema.index({ producerId: 1, period: 1, revision: 1 }, { unique: true });
declarationSchema.index({ producerId: 1, idempotencyKey: 1 }, { unique: true });
declarationSchema.index({ period: 1 });

export type PlacedOnMarketDeclarationModel = Model<PlacedOnMarketDeclarationDoc>;
export const placedOnMarketDeclarationModel = (c: Connection): PlacedOnMarketDeclarationModel =>
  c.model<PlacedOnMarketDeclarationDoc>('PlacedOnMarketDeclaration', declarationSchema);
