import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One contribution to a running tally (loose items a consumer returned today, unit returns in a region today):
 * `<tally>:<seq>`, seq 1, 2, ... without gaps, each holding the total after it. The unique `_id` orders concurrent
 * contributions, so a rule checked against `total` holds whatever the interleaving, on a store where only inserts
 * are atomic.
 */
export interface TallySlotDoc {
  _id: string;
  /** Who contributed: a retry by the same contributor finds its slot instead of adding again. */
  contributor: string;
  amount: number;
  total: number;
  createdAt: Date;
}

/**
 * `<tally>|<contributor>`: the contributor's claim, inserted before its slot (`seq` 0), then pointed at the slot. Its
 * insert decides which of several copies of one request adds the contribution.
 */
export interface TallyKeyDoc {
  _id: string;
  seq: number;
  createdAt: Date;
}

const slotSchema = new Schema<TallySlotDoc>(
  {
    _id: { type: String, required: true },
    contributor: { type: String, required: true },
    amount: { type: Number, required: true },
    total: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'tally_slots', versionKey: false },
);

const keySchema = new Schema<TallyKeyDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true }, createdAt: { type: Date, required: true } },
  { collection: 'tally_keys', versionKey: false },
);

export type TallySlotModel = Model<TallySlotDoc>;
export type TallyKeyModel = Model<TallyKeyDoc>;
export const tallySlotModel = (c: Connection): TallySlotModel => c.model<TallySlotDoc>('TallySlot', slotSchema);
export const tallyKeyModel = (c: Connection): TallyKeyModel => c.model<TallyKeyDoc>('TallyKey', keySchema);
