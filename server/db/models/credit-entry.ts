import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { AccountState, CreditEntryKind, DayEarnings, HeldCredits, Lot, LotAllocation } from '../../domain/credit-ledger.js';

/**
 * One movement of a consumer's credits, never edited. Entries of one account form a chain by `seq` (unique with the
 * account), each carrying the state after it, so the newest entry is the balance. Every entry is a transfer between
 * the consumer and one system account (`counterparty`), so the ledger sums to zero by construction:
 * a system account's balance is minus the sum of `consumerDelta` over the entries naming it.
 */
export interface CreditEntryDoc {
  /** `<account>:<seq>`: the chain position is the primary key, so finding the head is a few key lookups. */
  _id: string;
  /** `<platformId>:<consumerRef>` */
  account: string;
  platformId: Types.ObjectId;
  consumerRef: string;
  seq: number;
  kind: CreditEntryKind;
  amount: number;
  /** Change of the consumer's available + pending + held. */
  consumerDelta: number;
  counterparty: string;
  reason: string;
  /** Unique per platform: the same fact or request moves credits once. */
  idempotencyKey: string;
  /** The fact that caused it (`choice:<id>`, `order-event:<id>`, `redeem:<key>`, ...). */
  sourceFact: string;
  /** The earning-rules version that priced it, where rules did. */
  ruleVersion: number | null;
  /** Who posted an ADJUSTMENT: `OPERATOR`, or `PLATFORM:<id>`; absent on every other kind. */
  actor?: string | null;
  allocations: LotAllocation[];
  expiresAt: Date | null;
  // the state after this entry
  available: number;
  pending: number;
  lifetimeEarned: number;
  lots: Lot[];
  /** Credits set aside by open holds, and the holds; absent on entries of accounts that never held any. */
  held?: number;
  holds?: HeldCredits[];
  recentEarnings: DayEarnings[];
  createdAt: Date;
}

/** The parts of an entry that are lists: stored together as one JSON string (`detailText`). */
export type CreditEntryDetail = Pick<CreditEntryDoc, 'allocations' | 'lots' | 'holds' | 'recentEarnings'>;

/**
 * An entry as the store keeps it: its lists as one JSON string, `detailText` (db/credit-entry-text.ts), which the
 * embedded store writes and reads far more cheaply than nested lists; entries written before it keep them nested.
 * Read through `entryFromStored`, written through `storedEntryOf`.
 */
export type StoredCreditEntryDoc = Omit<CreditEntryDoc, keyof CreditEntryDetail> & Partial<CreditEntryDetail> & { detailText?: string };

const schema = new Schema<StoredCreditEntryDoc>(
  {
    _id: { type: String, required: true },
    account: { type: String, required: true },
    platformId: { type: Schema.Types.ObjectId, required: true },
    consumerRef: { type: String, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    amount: { type: Number, required: true },
    consumerDelta: { type: Number, required: true },
    counterparty: { type: String, required: true },
    reason: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    sourceFact: { type: String, required: true },
    ruleVersion: { type: Number, default: null },
    actor: { type: String },
    detailText: { type: String },
    // Nested lists, in entries written before detailText: read, no longer written.
    allocations: { type: Schema.Types.Mixed },
    expiresAt: { type: Date, default: null },
    available: { type: Number, required: true },
    pending: { type: Number, required: true },
    lifetimeEarned: { type: Number, required: true },
    lots: { type: Schema.Types.Mixed },
    held: { type: Number },
    holds: { type: Schema.Types.Mixed },
    recentEarnings: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
  },
  { collection: 'credit_entries', versionKey: false },
);
schema.index({ account: 1, seq: 1 }, { unique: true });
schema.index({ platformId: 1, idempotencyKey: 1 }, { unique: true });
schema.index({ kind: 1, expiresAt: 1 });
schema.index({ kind: 1, createdAt: 1 });

/**
 * Where an account's chain probably ends: a hint only, written after each append without any guarantee (updates are
 * not atomic on every store). The head is found by probing forward from it until a seq is missing.
 */
export interface CreditHeadHintDoc {
  /** The account. */
  _id: string;
  seq: number;
  /**
   * The account's state after entry `seq`, copied from that entry (entries are never edited), so a writer that has not
   * seen the account starts from the hint without reading the entry: as one JSON string (db/account-state-text.ts),
   * which the embedded store reads far more cheaply than the nested state. Absent in hints written before it was kept.
   */
  stateText?: string;
  /** The same state as a nested document, in hints written before `stateText`: read, no longer written. */
  state?: AccountState;
}

const hintSchema = new Schema<CreditHeadHintDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    stateText: { type: String, required: false },
    state: { type: Schema.Types.Mixed, required: false },
  },
  { collection: 'credit_head_hints', versionKey: false },
);

/**
 * `<platformId>:<idempotencyKey>` -> the entry that made that movement: the idempotency key as a primary-key lookup.
 * Written after the entry, best effort: the unique index on the entries stays the guarantee, and a missing key
 * document only sends a replay down the slower path (an embedded FerretDB serves only `_id` filters from an index).
 */
export interface CreditKeyDoc {
  _id: string;
  entryId: string;
}

const keySchema = new Schema<CreditKeyDoc>(
  { _id: { type: String, required: true }, entryId: { type: String, required: true } },
  { collection: 'credit_keys', versionKey: false },
);

export type CreditKeyModel = Model<CreditKeyDoc>;
export const creditKeyModel = (c: Connection): CreditKeyModel => c.model<CreditKeyDoc>('CreditKey', keySchema);

export type CreditHeadHintModel = Model<CreditHeadHintDoc>;
export const creditHeadHintModel = (c: Connection): CreditHeadHintModel => c.model<CreditHeadHintDoc>('CreditHeadHint', hintSchema);

export type CreditEntryModel = Model<StoredCreditEntryDoc>;
export const creditEntryModel = (c: Connection): CreditEntryModel => c.model<StoredCreditEntryDoc>('CreditEntry', schema);
