import type { Connection, Model } from 'mongoose';
import type { Rag } from '../../domain/epr.js';
import type { Material } from '../../domain/packaging.js';
import { periodRevisionSchema, type PeriodRevisionFields } from './period-revision.js';

/**
 * One revision of a producer's declaration of packaging placed on the market outside GreenLoop for a period,
 * insert-only like recycling reports: a correction is the next revision, and compliance counts the latest.
 */
export interface PlacedOnMarketDeclarationDoc extends PeriodRevisionFields {
  lines: { material: Material; grams: number; activity: string | null; rag: Rag; evidence: string[] }[];
}

const declarationSchema = periodRevisionSchema<PlacedOnMarketDeclarationDoc>('placed_on_market_declarations');

export type PlacedOnMarketDeclarationModel = Model<PlacedOnMarketDeclarationDoc>;
export const placedOnMarketDeclarationModel = (c: Connection): PlacedOnMarketDeclarationModel =>
  c.model<PlacedOnMarketDeclarationDoc>('PlacedOnMarketDeclaration', declarationSchema);
