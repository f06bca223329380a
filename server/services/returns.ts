import { Types } from 'mongoose';
import { DUPLICATE, insertOnce, priorClaim } from '../db/claim.js';
import { newIdAt } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import type { CollectionPointDoc, ReturnEventDoc, UnitEventDoc } from '../db/models/recycling.js';
import { itemsTallyOf, regionReturnsTallyOf, returnKeyOf, tripKeyOf, unitFactId } from '../db/keys.js';
import { isPlainText } from '../domain/plain-text.js';
import type { Material } from '../domain/packaging.js';
import { anomalyReasons, type RecyclingRules } from '../domain/recycling-rules.js';
import { parseReturn, type ParsedReturn, type ReturnInput, type ReviewDecision } from '../domain/return-input.js';
import { presumedLostBefore, returnOf } from '../domain/reusable-unit.js';
import { fail, keyReusedError, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';
import type { CreditsService } from './credits.js';
import type { FactsService } from './facts.js';
import { unitStateOf, type ReusableUnitsService } from './reusable-units.js';
import { digestOf } from './request-hash.js';
import { NO_OBSERVER, type ServiceObserver } from './service-observer.js';
import type { Tallies } from './tallies.js';
import type { RuleSetsService } from './rule-sets.js';
import { ownedCollectionPoint, ownedReturn } from './tenant-finders.js';

/** A return as the API shows it: what came back where, and whether the anomaly rules flagged it. */
export interface ReturnEventView {
  readonly _id: Types.ObjectId;
  readonly collectionPointId: Types.ObjectId;
  /** A reusable unit's serial; null for loose packaging. */
  readonly serial: string | null;
  readonly material: Material;
  readonly quantity: number;
  readonly massGrams: number;
  readonly flagged: boolean;
  readonly reasons: readonly string[];
  /** The anomaly rules version that judged it. */
  readonly ruleVersion: string;
  readonly createdAt: Date;
}

/** The review of a flagged return (its `_id` is the return's). */
export interface ReturnReviewView {
  readonly _id: Types.ObjectId;
  readonly decision: ReviewDecision;
  readonly reviewerId: Types.ObjectId;
  readonly note: string | null;
  readonly createdAt: Date;
}

/** A deposit a platform owes its consumer for a returned unit's trip (`_id` `<serial>:<cycle>`). */
export interface DepositRefundView {
  readonly _id: string;
  readonly orderRef: string;
  readonly consumerRef: string;
  readonly serial: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The return that owes it (the list's cursor). */
  readonly returnId: Types.ObjectId;
  readonly createdAt: Date;
}

/** Packaging brought back to collection points: recorded by collectors, then settled by a job (credits, deposits). */
export interface ReturnsService {
  record(collectorId: Types.ObjectId, input: ReturnInput): Promise<Outcome<ReturnEventView>>;
  /** Refunds a returned unit's deposit and credits the consumer; safe to repeat. Called by the `return` job. */
  settle(returnId: string): Promise<'credited' | 'nothing-to-credit' | 'held' | 'unknown-return'>;
  /** Records the returns whose trip was closed by a request that died before recording them (within a day). */
  adoptOrphans(olderThanMs: number): Promise<number>;
  /** Clears or rejects a flagged return (a regulator, or the collector that recorded it); one review per return. */
  review(reviewer: { _id: Types.ObjectId; kind: string }, input: ReviewReturnInput): Promise<Outcome<ReturnEventView>>;
  /** Flagged returns, oldest first: a regulator sees all, a collector its own; unreviewed only unless asked. */
  flagged(scope: { collectorId: Types.ObjectId | null }, unreviewedOnly: boolean, page: PageRequest): Promise<Page<ReturnEventView>>;
  /** The reviews of some returns, by return id. */
  reviewsOf(returnIds: readonly Types.ObjectId[]): Promise<ReturnReviewView[]>;
  /** Deposits the calling platform owes its consumers for returned units, oldest first. */
  refunds(platformId: Types.ObjectId, page: PageRequest): Promise<Page<DepositRefundView>>;
}

const DAY_MS = 24 * 3600 * 1000;
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export interface ReviewReturnInput {
  readonly returnId: string;
  readonly decision: ReviewDecision;
  readonly note?: string | null;
}

const NOTE_MAX = 500;

export function createReturnsService(deps: {
  models: Pick<Models, 'CollectionPoint' | 'DepositRefund' | 'Organization' | 'PackagingType' | 'ReturnEvent' | 'ReturnReview' | 'ReusableUnit' | 'UnitEvent'>;
  units: ReusableUnitsService;
  credits: CreditsService;
  facts: FactsService;
  /** The recycling rules in force (rule-sets.ts). */
  rules: Pick<RuleSetsService, 'recycling'>;
  /** The running counts the anomaly rules are checked against, race-free (tallies.ts). */
  tallies: Tallies;
  observer?: ServiceObserver;
  now?: () => Date;
}): ReturnsService {
  const { ReturnEvent, ReturnReview, ReusableUnit, UnitEvent, PackagingType, DepositRefund, Organization } = deps.models;
  const now = deps.now ?? (() => new Date());
  const observer = deps.observer ?? NO_OBSERVER;

  /**
   * The producer of loose packaging, as the collector named it: by packaging type (which must be of the material
   * returned) or directly; neither: unattributed (nulls).
   */
  async function attributionOf(
    attribution: { readonly packagingTypeId: string } | { readonly producerId: string } | null,
    material: Material,
  ): Promise<{ packagingTypeId: Types.ObjectId | null; producerId: Types.ObjectId | null } | { error: UserError }> {
    if (attribution === null) return { packagingTypeId: null, producerId: null };
    if ('packagingTypeId' in attribution) {
      const type = await PackagingType.findById(new Types.ObjectId(attribution.packagingTypeId), { producerId: 1, material: 1 }).lean();
      if (!type) return { error: notFoundError(['input', 'packagingTypeId'], 'no packaging type has this id') };
      if (type.material !== material) return { error: validationError(['input', 'packagingTypeId'], `this packaging type is ${type.material}, not ${material}`) };
      return { packagingTypeId: type._id, producerId: type.producerId };
    }
    const producerId = new Types.ObjectId(attribution.producerId);
    if ((await Organization.findById(producerId, { kind: 1 }).lean())?.kind !== 'PRODUCER') return { error: notFoundError(['input', 'producerId'], 'no producer has this id') };
    return { packagingTypeId: null, producerId };
  }

  /** The first return recorded under this collector's key: the same request replays it, another is refused. */
  async function replay(collectorId: Types.ObjectId, idempotencyKey: string, requestHash: string): Promise<Outcome<ReturnEventDoc> | null> {
    const prior = await priorClaim({
      first: () => ReturnEvent.findOne({ collectorId, idempotencyKey }).lean(),
      sameRequest: (first) => first.requestHash === requestHash,
    });
    if (!prior) return null;
    if (prior.kind === 'reused') return fail(keyReusedError('return'));
    const { first } = prior;
    await deps.facts.enqueue('return', first._id);
    observer.idempotentReplay('return');
    return succeed(first);
  }

  /**
   * Loose items a consumer brought back this UTC day, this return included: its own position in the consumer-day's
   * tally, so concurrent returns each count the ones before them (a retry of the request counts once).
   */
  function itemsToday(platformId: Types.ObjectId, consumerRef: string, at: Date, returnKey: string, quantity: number): Promise<number> {
    return deps.tallies.add(itemsTallyOf(platformId, consumerRef, utcDay(at)), returnKey, quantity);
  }

  /** Where and when the unit came back from its previous trip. */
  async function previousReturn(facts: readonly UnitEventDoc[], cycle: number): Promise<{ region: string; atMs: number } | null> {
    const previous = facts.find((f) => f.type === 'RETURNED' && f.cycle === cycle - 1);
    const doc = previous?.returnId ? await ReturnEvent.findById(previous.returnId, { region: 1, createdAt: 1 }).lean() : null;
    return doc ? { region: doc.region, atMs: doc.createdAt.getTime() } : null;
  }

  /**
   * Counts a unit return at a point in `region` today: the trip's position in the region-day's tally (one slot per
   * trip, so racing returns of one trip count once, and a retry finds its slot). Every unit return counts, whether or
   * not its shipment named a region.
   */
  function countRegionReturn(region: string, at: Date, trip: string): Promise<number> {
    return deps.tallies.add(regionReturnsTallyOf(region, utcDay(at)), trip, 1);
  }

  /**
   * Unit returns in a region within the window, this one included (`today`: its position in today's tally, so
   * concurrent returns each count the ones before them; earlier days no longer change and are counted), against the
   * units shipped into it.
   */
  async function regionFlow(rules: RecyclingRules, region: string, at: Date, today: number): Promise<{ returned: number; shipped: number }> {
    const since = new Date(at.getTime() - rules.regionWindowDays * DAY_MS);
    const dayStart = new Date(`${utcDay(at)}T00:00:00Z`);
    const [before, shipped] = await Promise.all([
      ReturnEvent.countDocuments({ region, kind: 'UNIT', createdAt: { $gte: since, $lt: dayStart } }),
      UnitEvent.countDocuments({ type: 'SHIPPED', region, at: { $gte: since } }),
    ]);
    return { returned: before + today, shipped };
  }

  /** Whether a returned unit's trip is the one its order's choice covers (loose returns are not about orders). */
  async function coveredByItsOrder(returned: ReturnEventDoc): Promise<boolean> {
    if (returned.kind !== 'UNIT' || returned.serial === null || returned.cycle === null || !returned.platformId || returned.orderRef === null) return true;
    const trip = await deps.units.orderTrip(returned.platformId, returned.orderRef, { serial: returned.serial, cycle: returned.cycle });
    return trip?.serial === returned.serial && trip.cycle === returned.cycle;
  }

  async function refundDeposit(returned: ReturnEventDoc): Promise<void> {
    if (returned.serial === null || returned.cycle === null) return;
    const [shipped, lost] = await Promise.all([
      UnitEvent.findById(unitFactId(returned.serial, returned.cycle, 'SHIPPED')).lean(),
      UnitEvent.findById(unitFactId(returned.serial, returned.cycle, 'LOST')).lean(),
    ]);
    // A unit presumed lost before it came back: its deposit stayed with the platform. (A loss written after the
    // return, by a job that raced it, does not count.)
    if (!shipped?.platformId || shipped.orderRef === null || shipped.consumerRef === null || presumedLostBefore(lost, returned)) return;
    if (!shipped.depositMinor) return;
    // Once per trip: a refund already recorded stays as it is.
    await insertOnce(DepositRefund.create({
      _id: tripKeyOf(returned.serial, returned.cycle),
      platformId: shipped.platformId,
      orderRef: shipped.orderRef,
      consumerRef: shipped.consumerRef,
      serial: returned.serial,
      cycle: returned.cycle,
      amountMinor: shipped.depositMinor,
      currency: shipped.currency ?? '',
      returnId: returned._id,
      createdAt: now(),
    }));
  }

  /** What every return of one request shares: who recorded it where, under which key and rules, and when. */
  interface ReturnRequest {
    readonly collectorId: Types.ObjectId;
    readonly point: CollectionPointDoc;
    readonly idempotencyKey: string;
    readonly requestHash: string;
    readonly returnKey: string;
    readonly rules: RecyclingRules;
    readonly createdAt: Date;
  }
  type ReturnBase = Pick<ReturnEventDoc, 'collectorId' | 'collectionPointId' | 'region' | 'idempotencyKey' | 'requestHash' | 'ruleVersion' | 'createdAt'>;

  const baseOf = (request: ReturnRequest): ReturnBase => ({
    collectorId: request.collectorId,
    collectionPointId: request.point._id,
    region: request.point.region,
    idempotencyKey: request.idempotencyKey,
    requestHash: request.requestHash,
    ruleVersion: request.rules.version,
    createdAt: request.createdAt,
  });

  /** Loose packaging: the point must take its material; the consumer's platform and the producer named must exist. */
  async function looseReturn(request: ReturnRequest, returned: Extract<ParsedReturn, { kind: 'LOOSE' }>): Promise<Outcome<ReturnEventDoc>> {
    const { point, rules, createdAt } = request;
    if (!point.accepts.includes(returned.material)) {
      return fail(validationError(['input', 'material'], `this collection point does not accept ${returned.material}`));
    }
    const platformId = returned.consumer ? new Types.ObjectId(returned.consumer.platformId) : null;
    if (platformId && (await Organization.findById(platformId, { kind: 1 }).lean())?.kind !== 'PLATFORM') {
      return fail(notFoundError(['input', 'platformId'], 'no platform has this id'));
    }
    const attributed = await attributionOf(returned.attribution, returned.material);
    if ('error' in attributed) return fail(attributed.error);
    const consumerRef = returned.consumer?.consumerRef ?? null;
    const reasons = anomalyReasons(rules, {
      region: point.region,
      atMs: createdAt.getTime(),
      consumerItemsToday: platformId && consumerRef !== null ? await itemsToday(platformId, consumerRef, createdAt, request.returnKey, returned.quantity) : null,
    });
    return succeed({
      ...baseOf(request),
      _id: newIdAt(createdAt),
      kind: 'LOOSE',
      serial: null,
      cycle: null,
      packagingTypeId: attributed.packagingTypeId,
      producerId: attributed.producerId,
      material: returned.material,
      quantity: returned.quantity,
      massGrams: returned.massGrams,
      platformId,
      consumerRef,
      orderRef: null,
      flagged: reasons.length > 0,
      reasons,
    });
  }

  /**
   * A reusable unit: the return of its open trip, which it closes. This very request may have closed the trip already
   * and died before recording the return: then the trip's fact holds the return to record.
   */
  async function unitReturn(request: ReturnRequest, serial: string): Promise<Outcome<ReturnEventDoc>> {
    const [unit, facts] = await Promise.all([ReusableUnit.findById(serial).lean(), deps.units.facts(serial)]);
    if (!unit) return fail(notFoundError(['input', 'serial'], `no unit has serial ${serial}`));
    const type = await PackagingType.findById(unit.packagingTypeId).lean();
    if (!type) throw new Error(`unit ${unit._id} names packaging type ${unit.packagingTypeId.toHexString()}, which is missing`);
    const mine = facts.find((f) => f.type === 'RETURNED' && f.returnKey === request.returnKey && f.returned);
    if (mine?.returned) return succeed(mine.returned);
    const trip = returnOf(unitStateOf(facts));
    if ('refused' in trip) return fail({ code: trip.refused, field: ['input', 'serial'], message: trip.message });
    const { point, rules, createdAt } = request;
    const shipped = facts.find((f) => f.type === 'SHIPPED' && f.cycle === trip.cycle);
    const returnedToday = await countRegionReturn(point.region, createdAt, tripKeyOf(serial, trip.cycle));
    const reasons = anomalyReasons(rules, {
      region: point.region,
      atMs: createdAt.getTime(),
      previousReturn: await previousReturn(facts, trip.cycle),
      regionFlow: shipped?.region ? await regionFlow(rules, point.region, createdAt, returnedToday) : null,
    });
    return closeTrip(request, {
      ...baseOf(request),
      _id: newIdAt(createdAt),
      kind: 'UNIT',
      serial,
      cycle: trip.cycle,
      packagingTypeId: unit.packagingTypeId,
      producerId: unit.producerId,
      material: type.material,
      quantity: 1,
      massGrams: type.massGrams,
      platformId: shipped?.platformId ?? null,
      consumerRef: shipped?.consumerRef ?? null,
      orderRef: shipped?.orderRef ?? null,
      flagged: reasons.length > 0,
      reasons,
    });
  }

  /**
   * Closes a unit's trip with its RETURNED fact, the guarantee of one return per trip whoever races. The fact carries
   * the return, so a crash before the return is recorded is repaired by a retry of this request or by the sweep.
   */
  async function closeTrip(request: ReturnRequest, doc: ReturnEventDoc & { serial: string; cycle: number }): Promise<Outcome<ReturnEventDoc>> {
    const factId = unitFactId(doc.serial, doc.cycle, 'RETURNED');
    const closing = UnitEvent.create({
      _id: factId, serial: doc.serial, type: 'RETURNED', cycle: doc.cycle, at: request.createdAt,
      platformId: null, orderRef: null, consumerRef: null, depositMinor: null, currency: null, region: null, returnId: doc._id, returnKey: request.returnKey, returned: doc,
    });
    if ((await insertOnce(closing)) !== DUPLICATE) return succeed(doc);
    const replayed = await replay(request.collectorId, request.idempotencyKey, request.requestHash);
    if (replayed) return replayed;
    // This very request, sent twice at once (a client retrying while its first try still runs): the other copy closed
    // the trip and has not recorded the return yet. Record it from the trip's fact, as a retry after a crash would,
    // rather than call the client's own return a duplicate (found by test/chaos).
    const closed = await UnitEvent.findById(factId).lean();
    const sameRequest = closed?.returnKey === request.returnKey && closed.returned?.requestHash === request.requestHash ? closed.returned : null;
    if (!sameRequest) return fail({ code: 'DUPLICATE_RETURN', field: ['input', 'serial'], message: `trip ${String(doc.cycle)} of this unit was already returned` });
    return succeed(sameRequest);
  }

  /** Records the return (once per collector's key: a racing copy of the request answers with the first) and enqueues it. */
  async function store(request: ReturnRequest, doc: ReturnEventDoc): Promise<Outcome<ReturnEventDoc>> {
    if ((await insertOnce(ReturnEvent.create(doc))) === DUPLICATE) {
      const raced = await replay(request.collectorId, request.idempotencyKey, request.requestHash);
      if (raced) return raced;
      throw new Error(`return ${doc._id.toHexString()} collided with nothing under its key`);
    }
    if (doc.flagged) observer.returnFlagged(doc.kind);
    await deps.facts.enqueue('return', doc._id);
    return succeed(doc);
  }

  return {
    async record(collectorId, input) {
      const parsed = parseReturn(input);
      // Another collector's point is as unknown as one that does not exist.
      const point = await ownedCollectionPoint(deps.models, collectorId, input.collectionPointId);
      const pointError = point ? null : notFoundError(['input', 'collectionPointId'], 'no such collection point of yours');
      if (!parsed.value || pointError || !point) return fail(...parsed.errors, ...(pointError ? [pointError] : []));
      const returned = parsed.value;
      const requestHash = digestOf({ point: input.collectionPointId, returned });
      const replayed = await replay(collectorId, input.idempotencyKey, requestHash);
      if (replayed) return replayed;
      const createdAt = now();
      // The rules in force judge the return, and it names their version.
      const rules = await deps.rules.recycling();
      const request: ReturnRequest = { collectorId, point, idempotencyKey: input.idempotencyKey, requestHash, returnKey: returnKeyOf(collectorId, input.idempotencyKey), rules, createdAt };
      const judged = returned.kind === 'LOOSE' ? await looseReturn(request, returned) : await unitReturn(request, returned.serial);
      return judged.ok ? store(request, judged.value) : judged;
    },

    async adoptOrphans(olderThanMs) {
      const nowMs = now().getTime();
      const closed = await UnitEvent.find({ type: 'RETURNED', at: { $gte: new Date(nowMs - DAY_MS), $lte: new Date(nowMs - olderThanMs) } }).lean();
      const recorded = new Set((await ReturnEvent.find({ _id: { $in: closed.flatMap((f) => (f.returnId ? [f.returnId] : [])) } }, { _id: 1 }).lean()).map((r) => r._id.toHexString()));
      let adopted = 0;
      for (const fact of closed) {
        if (!fact.returned || recorded.has(fact.returned._id.toHexString())) continue;
        if ((await insertOnce(ReturnEvent.create(fact.returned))) !== DUPLICATE && fact.returned.flagged) observer.returnFlagged(fact.returned.kind);
        await deps.facts.enqueue('return', fact.returned._id);
        adopted += 1;
      }
      return adopted;
    },

    async settle(returnId) {
      if (!Types.ObjectId.isValid(returnId)) return 'unknown-return';
      const returned = await ReturnEvent.findById(new Types.ObjectId(returnId)).lean();
      if (!returned) return 'unknown-return';
      if (returned.flagged) {
        const review = await ReturnReview.findById(returned._id).lean();
        if (review?.decision !== 'CLEARED') return 'held';
      }
      // An order paid one deposit for one unit trip: only that trip refunds it and earns (a second unit shipped into
      // the order before shipments were claimed per order comes back to stock, and that is all).
      if (!(await coveredByItsOrder(returned))) return 'nothing-to-credit';
      await refundDeposit(returned);
      return deps.credits.creditReturn(returned);
    },

    async review(reviewer, input) {
      // A collector reviews only its own returns; anyone else's are as unknown as missing ones. A regulator any.
      const returned = reviewer.kind === 'REGULATOR'
        ? (Types.ObjectId.isValid(input.returnId) ? await ReturnEvent.findById(new Types.ObjectId(input.returnId)).lean() : null)
        : await ownedReturn(deps.models, reviewer._id, input.returnId);
      if (!returned) {
        return fail(notFoundError(['input', 'returnId'], 'no such return'));
      }
      const note = input.note?.trim() ?? '';
      if (note.length > NOTE_MAX || !isPlainText(note)) return fail(validationError(['input', 'note'], `note must be at most ${String(NOTE_MAX)} characters of plain text`));
      if (!returned.flagged) return fail(validationError(['input', 'returnId'], 'this return was not flagged: there is nothing to review'));
      // The collector is the party the anomaly rules check: it may withdraw its own return, only a regulator clears one.
      if (input.decision === 'CLEARED' && reviewer.kind !== 'REGULATOR') {
        return fail(validationError(['input', 'decision'], 'only a regulator can clear a flagged return; a collector may reject its own'));
      }
      const reviewed = ReturnReview.create({ _id: returned._id, decision: input.decision, collectorId: returned.collectorId, reviewerId: reviewer._id, note: note === '' ? null : note, createdAt: now() });
      if ((await insertOnce(reviewed)) === DUPLICATE) {
        const first = await ReturnReview.findById(returned._id).lean();
        if (first?.decision !== input.decision) return fail(validationError(['input', 'decision'], `this return was already ${first?.decision.toLowerCase() ?? 'reviewed'}`));
      }
      // Cleared: settle it now (a repeat of this request enqueues again, should this enqueue be lost).
      if (input.decision === 'CLEARED') await deps.facts.enqueue('return', returned._id, 'cleared');
      return succeed(returned);
    },

    async flagged(scope, unreviewedOnly, page) {
      const match = { flagged: true, ...(scope.collectorId ? { collectorId: scope.collectorId } : {}) };
      const nodes: ReturnEventDoc[] = [];
      let after = page.afterId;
      // Reviewed returns are skipped a batch at a time, so a page is always full when more remain.
      for (;;) {
        const batch = await ReturnEvent.find(after ? { ...match, _id: { $gt: after } } : match).sort({ _id: 1 }).limit(page.first + 1).lean();
        const reviewed = unreviewedOnly ? new Set((await ReturnReview.find({ _id: { $in: batch.map((r) => r._id) } }, { _id: 1 }).lean()).map((r) => r._id.toHexString())) : new Set<string>();
        nodes.push(...batch.filter((r) => !reviewed.has(r._id.toHexString())));
        if (nodes.length > page.first || batch.length <= page.first) break;
        after = batch.at(-1)?._id ?? null;
      }
      // Only flagged returns are ever reviewed, so the open ones are the flagged less the reviewed.
      const [flaggedCount, reviewedCount] = await Promise.all([
        ReturnEvent.countDocuments(match),
        unreviewedOnly ? ReturnReview.countDocuments(scope.collectorId ? { collectorId: scope.collectorId } : {}) : Promise.resolve(0),
      ]);
      const totalCount = flaggedCount - reviewedCount;
      return { nodes: nodes.slice(0, page.first), totalCount, hasNextPage: nodes.length > page.first };
    },

    reviewsOf: (returnIds) => ReturnReview.find({ _id: { $in: returnIds } }).lean(),

    async refunds(platformId, page) {
      // In the order of the returns that owe them; the cursor is the return's id.
      const [rows, totalCount] = await Promise.all([
        DepositRefund.find(page.afterId ? { platformId, returnId: { $gt: page.afterId } } : { platformId }).sort({ returnId: 1 }).limit(page.first + 1).lean(),
        DepositRefund.countDocuments({ platformId }),
      ]);
      return { nodes: rows.slice(0, page.first), totalCount, hasNextPage: rows.length > page.first };
    },
  };
}
