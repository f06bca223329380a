import { Schema, type Connection, type Model, type Types } from 'mongoose';

// The regulator's rule sets besides the packaging standard (server/domain/epr.ts: the fee scheme with its targets;
// server/domain/recycling-rules.ts: the recycling loop's anomaly and loss rules; server/domain/carbon.ts: the CO2e
// factors), stored whole as versioned data.

export type RuleSetKind = 'EPR' | 'RECYCLING' | 'CARBON';
export const RULE_SET_KINDS: readonly RuleSetKind[] = ['EPR', 'RECYCLING', 'CARBON'];

/** One version of a rule set, stored whole. Never edited: a change is a new version. */
export interface RuleSetDoc {
  /** `<kind>:<version>`. */
  _id: string;
  kind: RuleSetKind;
  version: string;
  rules: unknown;
  createdAt: Date;
}

/** Activating a version is a fact; the latest activation of a kind names its rules in force. */
export interface RuleSetActivationDoc {
  _id: Types.ObjectId;
  kind: RuleSetKind;
  version: string;
  activatedAt: Date;
  /** The regulator organization that activated it. */
  activatedBy: Types.ObjectId;
}

const ruleSetSchema = new Schema<RuleSetDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: [...RULE_SET_KINDS] },
    version: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'rule_sets', versionKey: false },
);

const activationSchema = new Schema<RuleSetActivationDoc>(
  {
    kind: { type: String, required: true, enum: [...RULE_SET_KINDS] },
    version: { type: String, required: true },
    activatedAt: { type: Date, required: true },
    activatedBy: { type: Schema.Types.ObjectId, required: true },
  },
  { collection: 'rule_set_activations', versionKey: false },
);
activationSchema.index({ kind: 1, activatedAt: -1, _id: -1 });

export type RuleSetModel = Model<RuleSetDoc>;
export type RuleSetActivationModel = Model<RuleSetActivationDoc>;
export const ruleSetModel = (c: Connection): RuleSetModel => c.model<RuleSetDoc>('RuleSet', ruleSetSchema);
export const ruleSetActivationModel = (c: Connection): RuleSetActivationModel => c.model<RuleSetActivationDoc>('RuleSetActivation', activationSchema);
