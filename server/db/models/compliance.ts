import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ComplianceLine, ComplianceStatus, ReuseFigures } from '../../domain/epr.js';

/**
 * A producer's compliance for a period under one EPR rules version, computed from facts by the compliance job and
 * replaced whole on every run (safe to repeat). `_id` `<producerId>:<period>:<ruleVersion>`.
 */
export interface ComplianceSnapshotDoc {
  _id: string;
  producerId: Types.ObjectId;
  period: string;
  ruleVersion: string;
  status: ComplianceStatus;
  lines: ComplianceLine[];
  /** Reuse apart from recycling (snapshots under GL-EPR-2026.1, never read under 2026.2, have none). */
  reuse: ReuseFigures;
  feeMinor: number;
  currency: string;
  greenFactor: number;
  revenueNeutral: boolean;
  computedAt: Date;
}

const schema = new Schema<ComplianceSnapshotDoc>(
  {
    _id: { type: String, required: true },
    producerId: { type: Schema.Types.ObjectId, required: true },
    period: { type: String, required: true },
    ruleVersion: { type: String, required: true },
    status: { type: String, required: true },
    lines: { type: Schema.Types.Mixed, required: true },
    reuse: { type: Schema.Types.Mixed, default: undefined },
    feeMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    greenFactor: { type: Number, required: true },
    revenueNeutral: { type: Boolean, required: true },
    computedAt: { type: Date, required: true },
  },
  { collection: 'compliance_snapshots', versionKey: false },
);
schema.index({ period: 1, ruleVersion: 1 });

export type ComplianceSnapshotModel = Model<ComplianceSnapshotDoc>;
export const complianceSnapshotModel = (c: Connection): ComplianceSnapshotModel => c.model<ComplianceSnapshotDoc>('ComplianceSnapshot', schema);

/**
 * The loop's figures for a period, for everyone (`ALL`) and for each organization's share of it, computed from facts
 * by the compliance job beside the compliance snapshots and replaced whole on every run. `greenImpact` and the
 * platform and collector rankings read these, never the facts. `_id` `<period>:<ALL | organizationId>`.
 */
export interface ImpactSnapshotDoc {
  _id: string;
  period: string;
  kind: 'ALL' | 'PLATFORM' | 'PRODUCER' | 'COLLECTOR';
  organizationId: Types.ObjectId | null;
  parcels: number;
  parcelsInOwnPackaging: number;
  /** Parcels in REUSABLE packaging (absent from snapshots stored before it was counted). */
  parcelsInReusable?: number;
  greenChoices: number;
  reusableUnitsInService: number;
  reuseCycles: number;
  creditsIssued: number;
  creditsRedeemed: number;
  /** Items returned at the organization's collection points in the period and not flagged (or cleared): collectors. */
  verifiedReturns: number;
  /** Loose packaging returned, grams, and of it what no producer was named for (see GreenImpact). */
  looseReturnedGrams: number;
  unattributedLooseGrams: number;
  /** Grams of CO2e the parcels' options avoided; absent from snapshots counted before carbon factors. */
  co2eAvoidedGrams?: number;
  computedAt: Date;
}

const impactSchema = new Schema<ImpactSnapshotDoc>(
  {
    _id: { type: String, required: true },
    period: { type: String, required: true },
    kind: { type: String, required: true, enum: ['ALL', 'PLATFORM', 'PRODUCER', 'COLLECTOR'] },
    organizationId: { type: Schema.Types.ObjectId, default: null },
    parcels: { type: Number, required: true },
    parcelsInOwnPackaging: { type: Number, required: true },
    parcelsInReusable: { type: Number, default: 0 },
    greenChoices: { type: Number, required: true },
    reusableUnitsInService: { type: Number, required: true },
    reuseCycles: { type: Number, required: true },
    creditsIssued: { type: Number, required: true },
    creditsRedeemed: { type: Number, required: true },
    verifiedReturns: { type: Number, required: true },
    looseReturnedGrams: { type: Number, default: 0 },
    unattributedLooseGrams: { type: Number, default: 0 },
    // Absent in figures counted before carbon factors: the legacy per-carton figure applies (domain/impact.ts).
    co2eAvoidedGrams: { type: Number },
    computedAt: { type: Date, required: true },
  },
  { collection: 'impact_snapshots', versionKey: false },
);
impactSchema.index({ period: 1, kind: 1 });

export type ImpactSnapshotModel = Model<ImpactSnapshotDoc>;
export const impactSnapshotModel = (c: Connection): ImpactSnapshotModel => c.model<ImpactSnapshotDoc>('ImpactSnapshot', impactSchema);
