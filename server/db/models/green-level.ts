import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A consumer's record over the level window, as the last level job counted it from facts. The level itself is not
 * stored: it follows from this record and the platform's current level table, so a new table applies at once.
 * A whole snapshot is replaced on every run (safe to repeat); snapshots a run did not touch are removed.
 */
export interface LevelSnapshotDoc {
  /** The credit account: `<platformId>:<consumerRef>`. */
  _id: string;
  platformId: Types.ObjectId;
  consumerRef: string;
  greenChoices: number;
  packagedParcels: number;
  itemsReturned: number;
  /** Absent in records counted before CO2e was: 0. */
  co2eAvoidedGrams?: number;
  windowStart: Date;
  computedAt: Date;
}

const schema = new Schema<LevelSnapshotDoc>(
  {
    _id: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    greenChoices: { type: Number, required: true },
    packagedParcels: { type: Number, required: true },
    itemsReturned: { type: Number, required: true },
    co2eAvoidedGrams: { type: Number, default: 0 },
    windowStart: { type: Date, required: true },
    computedAt: { type: Date, required: true },
  },
  { collection: 'green_level_snapshots', versionKey: false },
);
schema.index({ computedAt: 1 });

export type LevelSnapshotModel = Model<LevelSnapshotDoc>;
export const levelSnapshotModel = (c: Connection): LevelSnapshotModel => c.model<LevelSnapshotDoc>('LevelSnapshot', schema);
