import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ComplianceLine, ComplianceStatus } from '../../domain/epr.js';

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
