import { Types } from 'mongoose';
import { insertOnce } from '../db/claim.js';
import { groupInsert } from '../db/group-commit.js';
import { accountOf, counterpartyOf, creditKeyIdOf, entryIdOf } from '../db/keys.js';
import { accountStateFromText, accountStateText } from '../db/account-state-text.js';
import { entryById, entryFromStored, storedEntryOf } from '../db/credit-entry-text.js';
import type { CreditEntryDoc, CreditHeadHintDoc } from '../db/models/credit-entry.js';
import type { Models } from '../db/models/index.js';
import { EMPTY_ACCOUNT, type AccountState, type EntryDraft, type LedgerRefusal, type LedgerStep } from '../domain/credit-ledger.js';
import { RecentMap } from './recent-map.js';

// Appends to consumer credit chains on a store where only inserts are atomic (DESIGN.md): read the head, compute
// the next entry with the pure rules, insert it as seq + 1. A duplicate seq means another writer got there first:
// re-read and compute again. A duplicate idempotency key means this very movement was already made: return it.

/** Which system account an entry moves credits to or from. */
export type Counterparty = 'issuance' | 'redemption' | 'expiry' | 'adjustment';

export interface Movement {
  readonly platformId: Types.ObjectId;
  readonly consumerRef: string;
  /** Unique per platform. */
  readonly idempotencyKey: string;
  readonly sourceFact: string;
  readonly counterparty: Counterparty;
  readonly ruleVersion?: number | null;
  /** Who made the movement, for the movements a person makes (adjustments). */
  readonly actor?: string | null;
  /** The next entry given the current state; null when there is nothing to do. */
  readonly compute: (state: AccountState) => LedgerStep | EntryDraft | null;
}

export type AppendResult =
  | { readonly status: 'appended' | 'replayed'; readonly entry: CreditEntryDoc }
  | { readonly status: 'nothing-to-do' }
  | { readonly status: 'refused'; readonly refused: LedgerRefusal['refused']; readonly message: string };

export interface CreditLedger {
  append(movement: Movement): Promise<AppendResult>;
  head(platformId: Types.ObjectId, consumerRef: string): Promise<AccountState>;
  entryByKey(platformId: Types.ObjectId, idempotencyKey: string): Promise<CreditEntryDoc | null>;
}

// Enough for hundreds of concurrent writers on one account; each lost race means another entry was written.
const MAX_ATTEMPTS = 200;
/** The stored head hint moves every this many entries (an update costs a whole-collection read on FerretDB). */
const HINT_EVERY = 16;
/** Accounts whose newest entry a process remembers (about 1 kB each). */
const SEEN_MAX = 20_000;
/** Entries a process remembers by idempotency key (the movements it made or read lately). */
const RECENT_KEYS_MAX = 20_000;

/** The signed change of available + pending + held an entry makes for the consumer (held credits are still theirs). */
function consumerDelta(before: AccountState, after: AccountState): number {
  return after.available + after.pending + after.held - (before.available + before.pending + before.held);
}

export function stateOf(entry: CreditEntryDoc | null): AccountState {
  if (!entry) return EMPTY_ACCOUNT;
  return {
    seq: entry.seq,
    available: entry.available,
    pending: entry.pending,
    lifetimeEarned: entry.lifetimeEarned,
    lots: entry.lots,
    // Entries written before holds existed hold none.
    held: entry.held ?? 0,
    holds: entry.holds ?? [],
    recentEarnings: entry.recentEarnings,
  };
}

/** The head hint naming `entry` as its account's newest, with the state after it. */
export function headHintOf(entry: CreditEntryDoc): CreditHeadHintDoc {
  return { _id: entry.account, seq: entry.seq, stateText: accountStateText(stateOf(entry)) };
}

export function createCreditLedger(models: Pick<Models, 'CreditEntry' | 'CreditHeadHint' | 'CreditKey'>, now: () => Date = () => new Date()): CreditLedger {
  const { CreditEntry, CreditHeadHint, CreditKey } = models;

  const entryAt = (id: string): Promise<CreditEntryDoc | null> => entryById(CreditEntry, id);

  /** The fast path: two primary-key reads. null may still mean "made, but its key document is not written yet". */
  async function keyedEntry(platformId: Types.ObjectId, idempotencyKey: string): Promise<CreditEntryDoc | null> {
    const known = recent.get(creditKeyIdOf(platformId, idempotencyKey));
    if (known) return known;
    const key = await CreditKey.findById(creditKeyIdOf(platformId, idempotencyKey)).lean();
    const entry = key ? await entryAt(key.entryId) : null;
    if (entry) remember(entry);
    return entry;
  }

  /** Certain: the fast path, else the query on the unique (platformId, idempotencyKey) index (repairing the key). */
  async function entryByKey(platformId: Types.ObjectId, idempotencyKey: string): Promise<CreditEntryDoc | null> {
    const fast = await keyedEntry(platformId, idempotencyKey);
    if (fast) return fast;
    const stored = await CreditEntry.findOne({ platformId, idempotencyKey }).lean();
    const entry = stored ? entryFromStored(stored) : null;
    if (entry) {
      remember(entry);
      await rememberKey(entry);
    }
    return entry;
  }

  async function rememberKey(entry: CreditEntryDoc): Promise<void> {
    await groupInsert(CreditKey, { _id: creditKeyIdOf(entry.platformId, entry.idempotencyKey), entryId: entry._id });
  }

  /**
   * Reads on from `from` (null: the chain's start) by primary key, one entry at a time, to the newest entry, or to the
   * first one `stopAt` picks; answers the last entry read (`from` when none follows).
   */
  async function readOn(account: string, from: CreditEntryDoc | null, stopAt?: (entry: CreditEntryDoc) => boolean): Promise<CreditEntryDoc | null> {
    let newest = from;
    while (!(newest && stopAt?.(newest))) {
      const following = await entryAt(entryIdOf(account, (newest?.seq ?? 0) + 1));
      if (!following) break;
      newest = following;
    }
    return newest;
  }

  /** The newest entry: from the hint (or the start), step forward by primary key until the next seq is missing. */
  async function head(platformId: Types.ObjectId, consumerRef: string): Promise<AccountState> {
    const account = accountOf(platformId, consumerRef);
    const hint = await CreditHeadHint.findById(account).lean();
    const known = lastSeen.get(account) ?? null;
    const hintSeq = hint?.seq ?? 0;
    // A hint ahead of the chain cannot come from this code: without its entry, the walk starts from the chain's start.
    const from = hintSeq > (known?.seq ?? 0) ? await entryAt(entryIdOf(account, hintSeq)) : known;
    const newest = await readOn(account, from);
    if (newest) see(newest);
    return stateOf(newest);
  }

  /**
   * The head as this process last saw it, else as the stored hint says, without probing past it: the probe would be
   * one more store call on every append (on the patched embedded store a missing key costs what a found one does,
   * about 1 ms at 30,000 documents). An account without a hint is taken to be new. A stale answer only means the
   * insert at the next seq collides; the caller then walks on from the entry holding it, or asks `head`.
   */
  async function hintedHead(platformId: Types.ObjectId, consumerRef: string): Promise<AccountState> {
    const account = accountOf(platformId, consumerRef);
    const known = lastSeen.get(account);
    if (known) return stateOf(known);
    const hint = await CreditHeadHint.findById(account).lean();
    const seq = hint?.seq ?? 0;
    if (seq <= 0) return EMPTY_ACCOUNT;
    const carried = hint ? carriedState(hint) : null;
    if (carried) return carried;
    const entry = await entryAt(entryIdOf(account, seq));
    return stateOf(entry);
  }

  /**
   * The hint's copy of its entry's state, when it holds one for that very seq (a hint is updated field by field): as
   * text, else as the nested state an earlier version wrote (and may still write, during a rolling upgrade).
   */
  function carriedState(hint: CreditHeadHintDoc): AccountState | null {
    const fromText = hint.stateText === undefined ? null : accountStateFromText(hint.stateText);
    return [fromText, hint.state].find((state) => state?.seq === hint.seq) ?? null;
  }

  /**
   * This process's newest known entry per account (with no store call, the first guess at the head) and its recent
   * entries by idempotency key (a movement made is never unmade: entries are immutable). Bounded, least recently
   * seen first out; a guess only, the unique indexes decide.
   */
  const lastSeen = new RecentMap<string, CreditEntryDoc>(SEEN_MAX);
  const recent = new RecentMap<string, CreditEntryDoc>(RECENT_KEYS_MAX);
  function see(entry: CreditEntryDoc): void {
    const known = lastSeen.get(entry.account);
    if (!known || known.seq < entry.seq) lastSeen.set(entry.account, entry);
  }
  function remember(entry: CreditEntryDoc): void {
    see(entry);
    recent.set(creditKeyIdOf(entry.platformId, entry.idempotencyKey), entry);
  }

  /**
   * Best effort: a lost or stale hint costs a few extra lookups, never correctness. The first entry inserts the
   * account's hint; later ones move it every HINT_EVERY entries (an update costs the store more than an insert), and
   * after an append that had to read past it (`lagged`), so the next writer that has not seen the account starts at
   * the head. The hint carries its entry's state; two writers racing may leave the older of their two, only stale.
   */
  async function moveHint(entry: CreditEntryDoc, lagged: boolean): Promise<void> {
    const { account, seq } = entry;
    // The state is serialised only for an append that moves the hint (one in HINT_EVERY, a new account, a lagged hint).
    if (seq === 1) await groupInsert(CreditHeadHint, headHintOf(entry));
    else if (lagged || seq % HINT_EVERY === 0) {
      const { stateText } = headHintOf(entry);
      await insertOnce(CreditHeadHint.updateOne({ _id: account }, { $set: { seq, stateText }, $unset: { state: 1 } }, { upsert: true }));
    }
  }

  /**
   * One writer per account in this process: an account's movements run one after the other, so each starts from the
   * head the one before left in memory and none collides with its own process. Movements of different accounts still
   * run at once and share their inserts (group commit). Across processes the fact partitions give an account one
   * worker (server/queues/fact-partitions.ts); where two writers still meet, the unique indexes decide as below.
   */
  const writing = new Map<string, Promise<unknown>>();
  function oneWriter<T>(account: string, write: () => Promise<T>): Promise<T> {
    const before = writing.get(account) ?? Promise.resolve();
    const mine = before.then(write, write);
    const settled = mine.then(() => undefined, () => undefined);
    writing.set(account, settled);
    void settled.then(() => { if (writing.get(account) === settled) writing.delete(account); });
    return mine;
  }

  return {
    head,
    entryByKey,
    append(movement) {
      return oneWriter(accountOf(movement.platformId, movement.consumerRef), () => appendNow(movement));
    },
  };

  async function appendNow(movement: Movement): Promise<AppendResult> {
    const account = accountOf(movement.platformId, movement.consumerRef);
    const sameMovement = (entry: CreditEntryDoc) => entry.idempotencyKey === movement.idempotencyKey && entry.platformId.equals(movement.platformId);
    // Start from the hint (this process's, else the stored one) and walk forward by insert attempts: a collision on
    // a seq means "not the head yet", and the entry holding that seq, which exists, is the next state to try. So
    // the usual append reads only documents that exist and writes only inserts; the unique indexes decide. A
    // refusal or "nothing to do" is only an answer on the certain head, which a stale hint may not be.
    const known = recent.get(creditKeyIdOf(movement.platformId, movement.idempotencyKey));
    if (known) return { status: 'replayed', entry: known };
    let state = await hintedHead(movement.platformId, movement.consumerRef);
    let certain = false;
    let lagged = false;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const step = movement.compute(state);
      if (!certain && (step === null || 'refused' in step)) {
        const done = await keyedEntry(movement.platformId, movement.idempotencyKey);
        if (done) return { status: 'replayed', entry: done };
        state = await head(movement.platformId, movement.consumerRef);
        certain = true;
        continue;
      }
      if (step === null) return { status: 'nothing-to-do' };
      if ('refused' in step) {
        // The same movement, made by a concurrent writer between our key check and our head read, is what
        // changed the state: report it rather than the refusal it caused.
        const madeMeanwhile = await entryByKey(movement.platformId, movement.idempotencyKey);
        if (madeMeanwhile) return { status: 'replayed', entry: madeMeanwhile };
        return { status: 'refused', refused: step.refused, message: step.message };
      }
      const draft = 'entry' in step ? step.entry : step;
      const entry: CreditEntryDoc = {
        _id: entryIdOf(account, draft.after.seq),
        account,
        platformId: movement.platformId,
        consumerRef: movement.consumerRef,
        seq: draft.after.seq,
        kind: draft.kind,
        amount: draft.amount,
        consumerDelta: consumerDelta(state, draft.after),
        counterparty: counterpartyOf(movement.counterparty, movement.platformId),
        reason: draft.reason,
        idempotencyKey: movement.idempotencyKey,
        sourceFact: movement.sourceFact,
        ruleVersion: movement.ruleVersion ?? null,
        ...(movement.actor ? { actor: movement.actor } : {}),
        allocations: [...draft.allocations],
        expiresAt: draft.expiresAtMs === null ? null : new Date(draft.expiresAtMs),
        available: draft.after.available,
        pending: draft.after.pending,
        lifetimeEarned: draft.after.lifetimeEarned,
        lots: [...draft.after.lots],
        // Only an account with open holds carries them: absent reads as none (stateOf).
        ...(draft.after.holds.length > 0 ? { held: draft.after.held, holds: [...draft.after.holds] } : {}),
        recentEarnings: [...draft.after.recentEarnings],
        createdAt: now(),
      };
      if ((await groupInsert(CreditEntry, storedEntryOf(entry))) === 'inserted') {
        remember(entry);
        // The movement is made once its entry is stored. Its key document and the head hint only make later lookups
        // faster, so the caller does not wait for them: a key not yet written (or lost with the process, or to a
        // store error) is found by the unique index and written again (entryByKey), a stale hint costs a collision
        // and a read per entry behind it.
        void Promise.all([moveHint(entry, lagged), rememberKey(entry)]).catch(() => undefined);
        return { status: 'appended', entry };
      }
      const holder = await entryAt(entry._id);
      if (holder) {
        // The seq was taken: by this very movement (a replay), or by another. Read on from it to the newest entry, one
        // read per entry (an insert attempt per entry would cost a failed insert and a read), and try there.
        const newest = (await readOn(account, holder, sameMovement)) ?? holder;
        if (sameMovement(newest)) {
          remember(newest);
          return { status: 'replayed', entry: newest };
        }
        see(newest);
        state = stateOf(newest);
        certain = false;
        lagged = true;
        if (attempt > 8) await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * Math.min(50, attempt * 2))));
        continue;
      }
      // Nothing holds the seq: the collision was on the idempotency key, so the movement was made elsewhere.
      const made = await entryByKey(movement.platformId, movement.idempotencyKey);
      if (made) return { status: 'replayed', entry: made };
      state = await head(movement.platformId, movement.consumerRef);
      certain = true;
    }
    throw new Error(`credit account ${account}: gave up after ${MAX_ATTEMPTS} write conflicts`);
  }
}
