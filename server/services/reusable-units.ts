import { Types } from 'mongoose';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import { groupInsert } from '../db/group-commit.js';
import type { Models } from '../db/models/index.js';
import type { ReusableUnitDoc, UnitEventDoc } from '../db/models/recycling.js';
import { orderSlotIdOf, unitFactId } from '../db/keys.js';
import { checkReference, isReference } from '../domain/references.js';
import { isRegion } from '../domain/collection-point.js';
import { SERIALS_PER_CALL_MAX, nextShipment, unitState, type UnitState } from '../domain/reusable-unit.js';
import { fail, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import { IN_FLIGHT_MS, createSweepMarks } from './sweep-marks.js';
import type { RuleSetsService } from './rule-sets.js';
import { ownedPackagingType, ownedReusableUnit } from './tenant-finders.js';

/** A unit as the API shows it: the serial, its packaging type, and the state its facts add up to. */
export interface UnitView {
  readonly serial: string;
  readonly packagingTypeId: Types.ObjectId;
  readonly state: UnitState;
}

export interface IssueUnitsInput {
  readonly packagingTypeId: string;
  readonly serials: readonly string[];
}

export interface ShipmentInput {
  readonly orderRef: string;
  readonly serial: string;
  /** Where the order goes, as a region code (e.g. CN-31), when the platform knows. */
  readonly region?: string | null;
}

/** Whose units a caller sees: a producer only its own (`producerId`); collectors, platforms and regulators any. */
export interface UnitScope {
  readonly producerId: Types.ObjectId | null;
}

/** Reusable units: producers issue serials, platforms pack them into orders; returns close their trips. */
export interface ReusableUnitsService {
  issue(producerId: Types.ObjectId, input: IssueUnitsInput): Promise<Outcome<UnitView[]>>;
  ship(platformId: Types.ObjectId, input: ShipmentInput): Promise<Outcome<UnitView>>;
  unit(scope: UnitScope, serial: string): Promise<UnitView | null>;
  /** A unit's facts, oldest trip first. */
  facts(serial: string): Promise<UnitEventDoc[]>;
  /**
   * The one unit trip an order's reusable choice covers: the trip its live claim names once SHIPPED into the order
   * (see OrderShipmentDoc). A trip shipped before claims existed is adopted by the first settlement that asks.
   */
  orderTrip(platformId: Types.ObjectId, orderRef: string, adopt?: { serial: string; cycle: number }): Promise<{ serial: string; cycle: number } | null>;
  /** Marks LOST every trip shipped longer ago than the rules allow and not back, since the last run that finished (all
   *  history the first time). Safe to repeat. Returns how many. */
  presumeLost(nowMs: number): Promise<number>;
}

/** The unit-loss job's mark: the loss deadline of the last run that finished. */
const LOSS_MARK = 'unit-loss';
const DAY_MS = 24 * 3600 * 1000;

/** The state a unit's stored facts add up to. */
export const unitStateOf = (events: readonly UnitEventDoc[]): UnitState =>
  unitState(events.map((e) => ({ type: e.type, cycle: e.cycle, atMs: e.at.getTime() })));

/** Where an order's reusable shipment stands: its claimed trip (shipped into the order, or not yet), or the free slot. */
interface ClaimedTrip { readonly status: 'SHIPPED' | 'CLAIMED'; readonly serial: string; readonly cycle: number }
type OrderClaim = ClaimedTrip | { readonly status: 'NONE'; readonly slot: number };

export function createReusableUnitsService(models: Pick<Models, 'OrderEvent' | 'OrderShipment' | 'PackagingChoice' | 'PackagingType' | 'ReusableUnit' | 'SweepMark' | 'UnitEvent'>, rules: Pick<RuleSetsService, 'recycling'>, now: () => Date = () => new Date()): ReusableUnitsService {
  const { ReusableUnit, UnitEvent, PackagingChoice, OrderEvent, OrderShipment } = models;
  const marks = createSweepMarks(models);

  const intoOrder = (e: UnitEventDoc | null, platformId: Types.ObjectId, orderRef: string) => e?.platformId?.equals(platformId) === true && e.orderRef === orderRef;

  /**
   * Walks the order's claims: the first whose trip was shipped into another order is void (a lost race; facts never
   * change, so it stays void); the first other one is the order's. Only primary-key reads.
   */
  async function orderClaim(platformId: Types.ObjectId, orderRef: string): Promise<OrderClaim> {
    for (let slot = 1; ; slot += 1) {
      const claim = await OrderShipment.findById(orderSlotIdOf(platformId, orderRef, slot)).lean();
      if (!claim) return { status: 'NONE', slot };
      const shipped = await UnitEvent.findById(unitFactId(claim.serial, claim.cycle, 'SHIPPED')).lean();
      if (shipped && !intoOrder(shipped, platformId, orderRef)) continue;
      return { status: shipped ? 'SHIPPED' : 'CLAIMED', serial: claim.serial, cycle: claim.cycle };
    }
  }

  /** Claims the order's trip for this unit trip, or answers the one it already has. */
  async function claimTrip(platformId: Types.ObjectId, orderRef: string, serial: string, cycle: number): Promise<ClaimedTrip> {
    for (;;) {
      const held = await orderClaim(platformId, orderRef);
      if (held.status !== 'NONE') return held;
      if ((await groupInsert(OrderShipment, { _id: orderSlotIdOf(platformId, orderRef, held.slot), serial, cycle, createdAt: now() })) === 'inserted') {
        return { status: 'CLAIMED', serial, cycle };
      }
      // Another shipment claimed that slot first: see what it holds.
    }
  }

  const facts = (serial: string) => UnitEvent.find({ serial }).lean();
  const view = (unit: ReusableUnitDoc, events: readonly UnitEventDoc[]): UnitView => ({ serial: unit._id, packagingTypeId: unit.packagingTypeId, state: unitStateOf(events) });
  const noFact = { platformId: null, orderRef: null, consumerRef: null, depositMinor: null, currency: null, region: null, returnId: null, returnKey: null };

  return {
    facts,

    async orderTrip(platformId, orderRef, adopt) {
      const held = adopt ? await claimTrip(platformId, orderRef, adopt.serial, adopt.cycle) : await orderClaim(platformId, orderRef);
      if (held.status === 'NONE') return null;
      // A claim just made (or still shipping) counts once its trip's SHIPPED fact names the order.
      const shipped = held.status === 'SHIPPED' || intoOrder(await UnitEvent.findById(unitFactId(held.serial, held.cycle, 'SHIPPED')).lean(), platformId, orderRef);
      return shipped ? { serial: held.serial, cycle: held.cycle } : null;
    },

    async presumeLost(nowMs) {
      const deadline = nowMs - (await rules.recycling()).presumedLostAfterDays * DAY_MS;
      const since = await marks.markOf(LOSS_MARK);
      const overdue = await UnitEvent.find({ type: 'SHIPPED', at: { $lte: new Date(deadline), $gt: new Date(since - IN_FLIGHT_MS) } }).lean();
      if (overdue.length === 0) {
        await marks.moveMark(LOSS_MARK, deadline);
        return 0;
      }
      const closing = await UnitEvent.find(
        { _id: { $in: overdue.flatMap((e) => [unitFactId(e.serial, e.cycle, 'RETURNED'), unitFactId(e.serial, e.cycle, 'LOST')]) } },
        { _id: 1 },
      ).lean();
      const closed = new Set(closing.map((e) => e._id));
      let lost = 0;
      for (const trip of overdue) {
        const _id = unitFactId(trip.serial, trip.cycle, 'LOST');
        if (closed.has(_id) || closed.has(unitFactId(trip.serial, trip.cycle, 'RETURNED'))) continue;
        if ((await insertOnce(UnitEvent.create({ ...noFact, _id, serial: trip.serial, type: 'LOST', cycle: trip.cycle, at: new Date(nowMs) }))) !== DUPLICATE) lost += 1;
      }
      await marks.moveMark(LOSS_MARK, deadline);
      return lost;
    },

    async unit(scope, serial) {
      if (!isReference('serial', serial)) return null;
      // Another producer's unit is as unknown to a producer as one that does not exist.
      const [unit, events] = await Promise.all([scope.producerId ? ownedReusableUnit(models, scope.producerId, serial) : ReusableUnit.findById(serial).lean(), facts(serial)]);
      if (!unit) return null;
      return view(unit, events);
    },

    async issue(producerId, input) {
      const errors: UserError[] = [];
      // Another producer's packaging type is as unknown to this producer as one that does not exist.
      const type = await ownedPackagingType(models, producerId, input.packagingTypeId);
      if (!type) return fail(notFoundError(['input', 'packagingTypeId'], 'no such packaging type of yours'));
      if (type.classification.packagingClass !== 'REUSABLE') {
        errors.push(validationError(['input', 'packagingTypeId'], `only REUSABLE packaging takes serials; this type is ${type.classification.packagingClass}`));
      }
      if (input.serials.length === 0 || input.serials.length > SERIALS_PER_CALL_MAX) {
        errors.push(validationError(['input', 'serials'], `give 1 to ${String(SERIALS_PER_CALL_MAX)} serials`));
      }
      const seen = new Set<string>();
      input.serials.forEach((serial, i) => {
        const serialError = checkReference('serial', serial, ['input', 'serials', String(i)]);
        if (serialError) errors.push(serialError);
        else if (seen.has(serial)) errors.push(validationError(['input', 'serials', String(i)], `serial ${serial} is listed twice`));
        seen.add(serial);
      });
      if (errors.length > 0) return fail(...errors);

      // A serial is unique forever: issuing it again for the same type is a replay, for anything else an error.
      const taken = await ReusableUnit.find({ _id: { $in: input.serials } }).lean();
      const foreign = taken.filter((u) => !u.packagingTypeId.equals(type._id));
      if (foreign.length > 0) {
        return fail(...foreign.map((u) => validationError(['input', 'serials', String(input.serials.indexOf(u._id))], `serial ${u._id} was already issued`)));
      }
      const issuedAt = now();
      const fresh = input.serials.filter((serial) => !taken.some((u) => u._id === serial));
      // Unordered: a serial a concurrent call issued meanwhile collides alone, and the rest are written.
      await insertOnce(ReusableUnit.insertMany(fresh.map((serial) => ({ _id: serial, producerId, packagingTypeId: type._id, issuedAt })), { ordered: false }));
      await insertOnce(UnitEvent.insertMany(
        fresh.map((serial) => ({ _id: unitFactId(serial, 0, 'ISSUED'), serial, type: 'ISSUED', cycle: 0, at: issuedAt, ...noFact })),
        { ordered: false },
      ));
      // A concurrent call may have issued one of them for another type in between: report what the store holds.
      const units = await ReusableUnit.find({ _id: { $in: input.serials } }).lean();
      const raced = units.filter((u) => !u.packagingTypeId.equals(type._id));
      if (raced.length > 0) return fail(...raced.map((u) => validationError(['input', 'serials', String(input.serials.indexOf(u._id))], `serial ${u._id} was already issued`)));
      const events = await UnitEvent.find({ serial: { $in: input.serials } }).lean();
      return succeed(input.serials.flatMap((serial) => {
        const unit = units.find((u) => u._id === serial);
        return unit ? [view(unit, events.filter((e) => e.serial === serial))] : [];
      }));
    },

    async ship(platformId, input) {
      const region = input.region?.trim().toUpperCase() ?? null;
      const errors = [
        checkReference('orderRef', input.orderRef, ['input', 'orderRef']),
        checkReference('serial', input.serial, ['input', 'serial']),
        region === null || isRegion(region) ? null : validationError(['input', 'region'], 'region must be a code of 1 to 32 letters, digits and dashes, e.g. CN-31'),
      ].filter((e): e is UserError => e !== null);
      if (errors.length > 0) return fail(...errors);
      const [choice, cancelled, unit, events] = await Promise.all([
        PackagingChoice.findOne({ platformId, orderRef: input.orderRef }).lean(),
        OrderEvent.exists({ platformId, orderRef: input.orderRef, type: 'CANCELLED' }),
        ReusableUnit.findById(input.serial).lean(),
        facts(input.serial),
      ]);
      if (!choice) return fail({ code: 'UNKNOWN_ORDER', field: ['input', 'orderRef'], message: `order ${input.orderRef} has no packaging choice` });
      if (choice.option.packagingClass !== 'REUSABLE') {
        return fail(validationError(['input', 'orderRef'], `order ${input.orderRef} chose ${choice.option.packagingClass} packaging, not a reusable unit`));
      }
      if (cancelled) return fail({ code: 'ORDER_CLOSED', field: ['input', 'orderRef'], message: `order ${input.orderRef} was cancelled` });
      if (!unit) return fail(notFoundError(['input', 'serial'], `no unit has serial ${input.serial}`));
      if (!choice.option.packagingTypeId?.equals(unit.packagingTypeId)) {
        return fail(validationError(['input', 'serial'], `unit ${input.serial} is not of the packaging type order ${input.orderRef} chose`));
      }

      const sameOrder = (e: UnitEventDoc | null | undefined) => e?.type === 'SHIPPED' && e.platformId?.equals(platformId) === true && e.orderRef === input.orderRef;
      const state = unitStateOf(events);
      const current = events.find((e) => e.type === 'SHIPPED' && e.cycle === state.cycle);
      if (state.status === 'SHIPPED' && sameOrder(current)) return succeed(view(unit, events));
      const trip = nextShipment(state);
      if ('refused' in trip) return fail(validationError(['input', 'serial'], `unit ${input.serial} cannot ship: ${trip.refused}`));
      // One deposit, one unit trip: the order's claim decides between concurrent shipments, and refuses a second unit
      // (or the same unit again after it came back).
      const held = await claimTrip(platformId, input.orderRef, input.serial, trip.cycle);
      if (held.serial !== input.serial || held.cycle !== trip.cycle) {
        const what = held.status === 'SHIPPED' ? 'shipped' : 'is shipping';
        return fail({
          code: 'ALREADY_SHIPPED',
          field: ['input', 'orderRef'],
          message: `order ${input.orderRef} ${what} reusable unit ${held.serial} (trip ${String(held.cycle)}); a reusable choice covers one unit`,
        });
      }
      const shipped: UnitEventDoc = {
        _id: unitFactId(input.serial, trip.cycle, 'SHIPPED'),
        serial: input.serial,
        type: 'SHIPPED',
        cycle: trip.cycle,
        at: now(),
        ...noFact,
        platformId,
        orderRef: input.orderRef,
        consumerRef: choice.consumerRef,
        depositMinor: choice.option.depositMinor,
        currency: choice.option.currency,
        region,
      };
      if ((await groupInsert(UnitEvent, shipped)) === 'duplicate') {
        // Two shipments raced for this trip: the same order's is a replay, another order's lost (and so this order's
        // claim on the trip is void: its next shipment claims afresh).
        const winner = await UnitEvent.findById(shipped._id).lean();
        if (!sameOrder(winner)) return fail(validationError(['input', 'serial'], `unit ${input.serial} was just shipped in another order`));
      }
      return succeed(view(unit, await facts(input.serial)));
    },
  };
}
