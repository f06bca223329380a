import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Standard } from '../../domain/standard.js';

/** A standard version, stored whole: its thresholds are data (server/domain/standard.ts). Never edited. */
export interface StandardDoc {
  /** The version string. */
  _id: string;
  rules: Standard;
  createdAt: Date;
}

/** Activating a version is a fact; the latest activation names the active standard. */
export interface StandardActivationDoc {
  _id: Types.ObjectId;
  version: string;
  activatedAt: Date;
}

const standardSchema = new Schema<StandardDoc>(
  {
    _id: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'standards', versionKey: false },
);

const activationSchema = new Schema<StandardActivationDoc>(
  {
    version: { type: String, required: true },
    activatedAt: { type: Date, required: true },
  },
  { collection: 'standard_activations', versionKey: false },
);
activationSchema.index({ activatedAt: -1, _id: -1 });

export type StandardModel = Model<StandardDoc>;
export type StandardActivationModel = Model<StandardActivationDoc>;
export const standardModel = (c: Connection): StandardModel => c.model<StandardDoc>('Standard', standardSchema);
export const standardActivationModel = (c: Connection): StandardActivationModel =>
  c.model<StandardActivationDoc>('StandardActivation', activationSchema);
