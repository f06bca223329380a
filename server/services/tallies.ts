import { groupInsert } from '../db/group-commit.js';
import type { Models } from '../db/models/index.js';
import type { TallySlotDoc } from '../db/models/tally.js';
import { tallyKeyIdOf, tallySlotIdOf } from '../db/keys.js';
import { RecentMap } from './recent-map.js';

// Running tallies that rules are checked against under concurrency (see TallySlotDoc): a contribution takes the next
// seq of its tally by insert, so two concurrent contributions never see the same total. Reads are by `_id` only.

export interface Tallies {
  /**
   * Adds `amount` to `tally` on behalf of `contributor` and returns the total after it, this contribution included.
   * A contributor adds once per tally: asking again returns the total its first contribution got.
   */
  add(tally: string, contributor: string, amount: number): Promise<number>;
}

/** Tallies whose newest seq a process remembers (where its next walk starts). */
const HEADS_MAX = 10_000;
/** How long a copy of a request waits for the one that claimed the contribution, and how often it looks. */
const CLAIM_WAIT_MS = 10_000;
const CLAIM_POLL_MS = 20;
/** Enough for hundreds of concurrent contributions to one tally; each collision means another one was counted. */
const MAX_COLLISIONS = 200;

export function createTallies(models: Pick<Models, 'TallyKey' | 'TallySlot'>, now: () => Date): Tallies {
  const { TallySlot, TallyKey } = models;
  const heads = new RecentMap<string, TallySlotDoc & { seq: number }>(HEADS_MAX);

  function remember(tally: string, slot: TallySlotDoc, seq: number): void {
    const known = heads.get(tally);
    if (!known || known.seq < seq) heads.set(tally, { ...slot, seq });
  }

  /** Points the contributor's claim at its slot (the claim's own writer only, so no update races another). */
  async function recordKey(tally: string, contributor: string, seq: number): Promise<void> {
    await TallyKey.updateOne({ _id: tallyKeyIdOf(tally, contributor) }, { $set: { seq } });
  }

  /** The contributor's slot, looked for from the start of the tally (a claim whose writer died before its key). */
  async function slotFromStart(tally: string, contributor: string): Promise<(TallySlotDoc & { seq: number }) | null> {
    for (let seq = 1; ; seq += 1) {
      const slot = await TallySlot.findById(tallySlotIdOf(tally, seq)).lean();
      if (!slot) return null;
      if (slot.contributor === contributor) return { ...slot, seq };
    }
  }

  /**
   * Makes this request the one that adds the contribution, or answers what the one that did added. The claim is an
   * insert (`seq` 0 until the slot is written), so copies of one request sent at once add once: the others wait for
   * the claim's slot, and look for it from the start if its writer died.
   */
  async function claim(tally: string, contributor: string): Promise<number | 'claimed'> {
    const started = performance.now();
    for (;;) {
      if ((await groupInsert(TallyKey, { _id: tallyKeyIdOf(tally, contributor), seq: 0, createdAt: now() })) === 'inserted') return 'claimed';
      const key = await TallyKey.findById(tallyKeyIdOf(tally, contributor)).lean();
      const mine = key && key.seq > 0 ? await TallySlot.findById(tallySlotIdOf(tally, key.seq)).lean() : null;
      if (mine) return mine.total;
      if (performance.now() - started > CLAIM_WAIT_MS) {
        const found = await slotFromStart(tally, contributor);
        if (found) {
          await recordKey(tally, contributor, found.seq);
          return found.total;
        }
        // Its writer died before writing a slot: this request adds it.
        return 'claimed';
      }
      await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    }
  }

  return {
    async add(tally, contributor, amount) {
      const claimed = await claim(tally, contributor);
      if (claimed !== 'claimed') return claimed;
      // From the newest slot this process saw (or the start), walk to the end, then insert the next slot; a
      // collision means another contribution got there first, so walk on from it. A slot of this contributor on the
      // way (a request that died after its slot) is its answer.
      const known = heads.get(tally);
      let seq = known?.seq ?? 0;
      let total = known?.total ?? 0;
      for (let collisions = 0; collisions < MAX_COLLISIONS; ) {
        const next = await TallySlot.findById(tallySlotIdOf(tally, seq + 1)).lean();
        if (next) {
          seq += 1;
          total = next.total;
          remember(tally, next, seq);
          if (next.contributor === contributor) {
            await recordKey(tally, contributor, seq);
            return next.total;
          }
          continue;
        }
        const slot: TallySlotDoc = { _id: tallySlotIdOf(tally, seq + 1), contributor, amount, total: total + amount, createdAt: now() };
        if ((await groupInsert(TallySlot, slot)) === 'inserted') {
          remember(tally, slot, seq + 1);
          await recordKey(tally, contributor, seq + 1);
          return slot.total;
        }
        collisions += 1;
      }
      throw new Error(`tally ${tally}: gave up after ${String(MAX_COLLISIONS)} collisions`);
    },
  };
}
