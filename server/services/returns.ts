import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db/connection.js';
import type { Models } from '../db/models/index.js';
import type { DepositRefundDoc, ReturnEventDoc } from '../db/models/recycling.js';
import { parseReturn, type ReturnInput } from '../domain/return-input.js';
import { returnOf, unitFactId } from '../domain/reusable-unit.js';
import { fail, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import type { Page, PageRequest } from './catalog.js';
import type { CreditsService } from './credits.js';
import type { FactsService } from './facts.js';
import { unitStateOf, type ReusableUnitsService } from './reusable-units.js';

/** Packaging brought back to collection points: recorded by collectors, then settled by a job (credits, deposits). */
export interface ReturnsService {
  record(collectorId: Types.ObjectId, input: ReturnInput): Promise<Outcome<ReturnEventDoc>>;
  /** Refunds a returned unit's deposit and credits the consumer; safe to repeat. Called by the `return` job. */
  settle(returnId: string): Promise<'credited' | 'nothing-to-credit' | 'held' | 'unknown-return'>;
  /** Deposits the calling platform owes its consumers for returned units, oldest first. */
  refunds(platformId: Types.ObjectId, page: PageRequest): Promise<Page<DepositRefundDoc>>;
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const notFound = (field: string[], message: string): UserError => ({ code: 'NOT_FOUND', field, message });

export function createReturnsService(deps: {
  models: Models;
  units: ReusableUnitsService;
  credits: CreditsService;
  facts: FactsService;
  now?: () => Date;
}): ReturnsService {
  const { ReturnEvent, CollectionPoint, ReusableUnit, UnitEvent, PackagingType, DepositRefund } = deps.models;
  const now = deps.now ?? (() => new Date());

  /** The first return recorded under this collector's key: the same request replays it, another is refused. */
  async function replay(collectorId: Types.ObjectId, idempotencyKey: string, requestHash: string): Promise<Outcome<ReturnEventDoc> | null> {
    const first = await ReturnEvent.findOne({ collectorId, idempotencyKey }).lean();
    if (!first) return null;
    if (first.requestHash !== requestHash) {
      return fail({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['input', 'idempotencyKey'], message: 'this idempotency key was used for a different return' });
    }
    await deps.facts.enqueue('return', first._id);
    return succeed(first);
  }

  async function refundDeposit(returned: ReturnEventDoc): Promise<void> {
    if (returned.serial === null || returned.cycle === null) return;
    const [shipped, lost] = await Promise.all([
      UnitEvent.findById(unitFactId(returned.serial, returned.cycle, 'SHIPPED')).lean(),
      UnitEvent.exists({ _id: unitFactId(returned.serial, returned.cycle, 'LOST') }),
    ]);
    // A unit presumed lost before it came back: its deposit stayed with the platform.
    if (!shipped?.platformId || shipped.orderRef === null || shipped.consumerRef === null || lost) return;
    if (!shipped.depositMinor) return;
    try {
      await DepositRefund.create({
        _id: `${returned.serial}:${String(returned.cycle)}`,
        platformId: shipped.platformId,
        orderRef: shipped.orderRef,
        consumerRef: shipped.consumerRef,
        serial: returned.serial,
        cycle: returned.cycle,
        amountMinor: shipped.depositMinor,
        currency: shipped.currency ?? '',
        returnId: returned._id,
        createdAt: now(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  return {
    async record(collectorId, input) {
      const parsed = parseReturn(input);
      const pointId = Types.ObjectId.isValid(input.collectionPointId) ? new Types.ObjectId(input.collectionPointId) : null;
      const point = pointId ? await CollectionPoint.findById(pointId).lean() : null;
      // Another collector's point is as unknown as one that does not exist.
      const pointError = point?.operatorId.equals(collectorId) ? null : notFound(['input', 'collectionPointId'], 'no such collection point of yours');
      if (!parsed.value || pointError || !point) return fail(...parsed.errors, ...(pointError ? [pointError] : []));
      const returned = parsed.value;
      const requestHash = hashOf({ point: input.collectionPointId, returned });
      const replayed = await replay(collectorId, input.idempotencyKey, requestHash);
      if (replayed) return replayed;

      const _id = new Types.ObjectId();
      const base = { _id, collectorId, collectionPointId: point._id, region: point.region, idempotencyKey: input.idempotencyKey, requestHash, flagged: false, reasons: [], createdAt: now() };
      let doc: ReturnEventDoc;
      if (returned.kind === 'LOOSE') {
        if (!point.accepts.includes(returned.material)) {
          return fail(validationError(['input', 'material'], `this collection point does not accept ${returned.material}`));
        }
        doc = {
          ...base,
          kind: 'LOOSE',
          serial: null,
          cycle: null,
          packagingTypeId: null,
          material: returned.material,
          quantity: returned.quantity,
          massGrams: returned.massGrams,
          platformId: returned.consumer ? new Types.ObjectId(returned.consumer.platformId) : null,
          consumerRef: returned.consumer?.consumerRef ?? null,
          orderRef: null,
        };
      } else {
        const [unit, facts] = await Promise.all([ReusableUnit.findById(returned.serial).lean(), deps.units.facts(returned.serial)]);
        if (!unit) return fail(notFound(['input', 'serial'], `no unit has serial ${returned.serial}`));
        const type = await PackagingType.findById(unit.packagingTypeId).lean();
        if (!type) throw new Error(`unit ${unit._id} names packaging type ${unit.packagingTypeId.toHexString()}, which is missing`);
        const trip = returnOf(unitStateOf(facts));
        if ('refused' in trip) return fail({ code: trip.refused, field: ['input', 'serial'], message: trip.message });
        const shipped = facts.find((f) => f.type === 'SHIPPED' && f.cycle === trip.cycle);
        doc = {
          ...base,
          kind: 'UNIT',
          serial: returned.serial,
          cycle: trip.cycle,
          packagingTypeId: unit.packagingTypeId,
          material: type.material,
          quantity: 1,
          massGrams: type.massGrams,
          platformId: shipped?.platformId ?? null,
          consumerRef: shipped?.consumerRef ?? null,
          orderRef: shipped?.orderRef ?? null,
        };
        // The trip's RETURNED fact is the guarantee: one return per trip, whoever races. Its returnId ties a retry
        // of this very request (after a crash between the two inserts) back to it.
        try {
          await UnitEvent.create({
            _id: unitFactId(returned.serial, trip.cycle, 'RETURNED'), serial: returned.serial, type: 'RETURNED', cycle: trip.cycle, at: base.createdAt,
            platformId: null, orderRef: null, consumerRef: null, depositMinor: null, currency: null, returnId: _id,
          });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          return (await replay(collectorId, input.idempotencyKey, requestHash))
            ?? fail({ code: 'DUPLICATE_RETURN', field: ['input', 'serial'], message: `trip ${String(trip.cycle)} of this unit was already returned` });
        }
      }
      try {
        await ReturnEvent.create(doc);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const raced = await replay(collectorId, input.idempotencyKey, requestHash);
        if (raced) return raced;
        throw error;
      }
      await deps.facts.enqueue('return', _id);
      return succeed(doc);
    },

    async settle(returnId) {
      if (!Types.ObjectId.isValid(returnId)) return 'unknown-return';
      const returned = await ReturnEvent.findById(new Types.ObjectId(returnId)).lean();
      if (!returned) return 'unknown-return';
      if (returned.flagged) return 'held';
      await refundDeposit(returned);
      return deps.credits.creditReturn(returned);
    },

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
