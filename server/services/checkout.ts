import { Types } from 'mongoose';
import { claimOrReplay } from '../db/claim.js';
import { groupInsert } from '../db/group-commit.js';
import { newIdAt } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import type { OrderEventDoc, OrderEventType, PackagingChoiceDoc } from '../db/models/order-facts.js';
import type { PackagingTypeDoc } from '../db/models/packaging-type.js';
import type { QuoteDoc, QuoteOption } from '../db/models/quote.js';
import { localOptionId, orderEndingKeyOf, orderKeyOf, requestKeyIdOf } from '../db/keys.js';
import { QUOTE_TTL_MS, checkIdempotencyKey } from '../domain/checkout-input.js';
import { checkReference } from '../domain/references.js';
import { levelFor } from '../domain/green-level.js';
import { parseParcel, type ParcelInput } from '../domain/parcel-fit.js';
import { candidatesFor } from '../domain/catalogue-index.js';
import { buildQuoteOptions, maxInnerVolumeMm3, type OptionDraft } from '../domain/quote-builder.js';
import { fail, keyReusedError, notFoundError, succeed, validationError, type Outcome, type UserError } from '../domain/user-error.js';
import type { CampaignCredit } from '../domain/campaigns.js';
import type { FactsService } from './facts.js';
import type { RightSizingService } from './right-sizing.js';
import type { GreenLevelsService } from './green-levels.js';
import type { QuoteOffers } from './quote-offers.js';
import type { ReferenceData } from './reference-data.js';
import { RecentMap } from './recent-map.js';
import { keptMs } from './retention.js';
import { digestOf } from './request-hash.js';
import { NO_OBSERVER, type ServiceObserver } from './service-observer.js';

export interface ChoosePackagingInput {
  readonly quoteId: string;
  readonly optionId: string;
  readonly orderRef: string;
  readonly idempotencyKey?: string | null;
}

export interface OrderEventInput {
  readonly orderRef: string;
  readonly type: OrderEventType;
  readonly occurredAt?: Date | null;
}

/** One option of a quote as the API shows it, frozen at quote time. */
export interface PackagingOptionView
  extends Pick<OptionDraft, 'id' | 'packagingClass' | 'priceMinor' | 'depositMinor' | 'currency' | 'credits' | 'emptySpaceRatio' | 'recommended'> {
  /** null: ships in the product's own packaging. */
  readonly packagingTypeId: Types.ObjectId | null;
  /** Absent in options offered before carbon was counted. */
  readonly co2eGrams?: number;
  readonly co2eAvoidedGrams?: number;
  readonly carbonVersion?: string;
  /** Absent before campaigns existed. */
  readonly campaignCredits?: readonly CampaignCredit[];
}

/** A quote as the API shows it: its options and the rule versions they were priced under. */
export interface QuoteView {
  readonly _id: Types.ObjectId;
  readonly standardVersion: string;
  readonly pricingVersion: number;
  /** Absent in quotes made before carbon was counted. */
  readonly carbonVersion?: string;
  readonly options: readonly PackagingOptionView[];
  readonly expiresAt: Date;
  /**
   * The packaging types the options offer, by id, as the snapshot the quote was computed from holds them: the
   * answer shows the types the quote was priced for without looking them up again. Absent: look them up.
   */
  readonly offeredTypes?: ReadonlyMap<string, PackagingTypeDoc>;
}

/** An order's packaging choice as the API shows it: the option chosen, with the quote it came from. */
export interface PackagingChoiceView {
  readonly _id: Types.ObjectId;
  readonly orderRef: string;
  readonly consumerRef: string;
  readonly quoteId: Types.ObjectId;
  readonly option: PackagingOptionView;
  readonly createdAt: Date;
}

export interface CheckoutService {
  /** `warehouseRef`: where the order ships from: its assortment, else the platform's, limits what is offered. */
  quote(platformId: Types.ObjectId, parcel: ParcelInput, consumerRef: string, warehouseRef?: string | null): Promise<Outcome<QuoteView>>;
  choosePackaging(platformId: Types.ObjectId, input: ChoosePackagingInput): Promise<Outcome<PackagingChoiceView>>;
  recordOrderEvent(platformId: Types.ObjectId, input: OrderEventInput): Promise<Outcome<{ accepted: true }>>;
}

// Events may be reported a little ahead of our clock, never far into the future.
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** How long an order's event reservations are kept (retention.ts), a day less for safety. */
const ORDER_KEYS_KEPT_MS = keptMs('order_event_keys') - 24 * 3600 * 1000;
/** Choices a process keeps by order (about 0.5 kB each). */
const RECENT_CHOICES_MAX = 20_000;

export function createCheckoutService(deps: {
  models: Pick<Models, 'IdempotencyKey' | 'OrderEvent' | 'OrderEventKey' | 'OrderKey' | 'PackagingChoice'>;
  facts: FactsService;
  /** The active standard, the catalogue index and the platforms' rules, as a snapshot per version. */
  reference: ReferenceData;
  /** Where quotes live until they expire (Redis). */
  offers: QuoteOffers;
  levels: GreenLevelsService;
  /** Counts the parcel sizes nothing fits (right-sizing.ts). */
  rightSizing?: RightSizingService;
  observer?: ServiceObserver;
  now?: () => Date;
}): CheckoutService {
  const { PackagingChoice, OrderEvent, OrderEventKey, OrderKey, IdempotencyKey } = deps.models;
  const now = deps.now ?? (() => new Date());
  const observer = deps.observer ?? NO_OBSERVER;

  /**
   * The choices this process recorded or read lately, by order: a choice is never edited or removed, so the order's
   * next event needs no store read to find it. Bounded, oldest first out.
   */
  const recentChoices = new RecentMap<string, PackagingChoiceDoc>(RECENT_CHOICES_MAX);
  const keep = (choice: PackagingChoiceDoc) => { recentChoices.set(orderKeyOf(choice.platformId, choice.orderRef), choice); };

  /**
   * Best effort, written after the answer: a key not yet written (or lost with the process) only sends the next
   * lookup of this order, in another process, down the indexed query, which writes the key again.
   */
  function rememberOrder(choice: PackagingChoiceDoc): void {
    keep(choice);
    void groupInsert(OrderKey, { _id: orderKeyOf(choice.platformId, choice.orderRef), choiceId: choice._id }).catch(() => undefined);
  }

  /** An order's choice: by its order key (primary-key reads), else by the unique index (and the key repaired). */
  async function choiceOf(platformId: Types.ObjectId, orderRef: string): Promise<PackagingChoiceDoc | null> {
    const known = recentChoices.get(orderKeyOf(platformId, orderRef));
    if (known) return known;
    const key = await OrderKey.findById(orderKeyOf(platformId, orderRef)).lean();
    const byKey = key ? await PackagingChoice.findById(key.choiceId).lean() : null;
    if (byKey) {
      keep(byKey);
      return byKey;
    }
    const found = await PackagingChoice.findOne({ platformId, orderRef }).lean();
    if (found) rememberOrder(found);
    return found;
  }

  type Ending = { eventId: Types.ObjectId; type: OrderEventType };
  type EndingFact = Omit<OrderEventDoc, '_id' | 'createdAt'>;

  /**
   * Makes sure the reserved event exists (inserting it under the reserved id when a crash left the reservation
   * alone) and returns how the order ended. An event of the same type recorded before reservations existed holds
   * the unique (platformId, orderRef, type) index instead: the reservation is pointed at it.
   */
  async function completeEvent(eventId: Types.ObjectId, fact: EndingFact): Promise<Ending> {
    if ((await groupInsert(OrderEvent, { ...fact, _id: eventId, createdAt: now() })) === 'inserted') return { eventId, type: fact.type };
    if (await OrderEvent.findById(eventId, { _id: 1 }).lean()) return { eventId, type: fact.type };
    const older = await OrderEvent.findOne({ platformId: fact.platformId, orderRef: fact.orderRef, type: fact.type }, { _id: 1 }).lean();
    if (!older) throw new Error(`order ${fact.orderRef}: the ${fact.type} event collided with nothing`);
    await OrderEventKey.updateOne({ _id: orderEndingKeyOf(fact.platformId, fact.orderRef) }, { $set: { eventId: older._id } });
    return { eventId: older._id, type: fact.type };
  }

  /**
   * How an order ended as the events hold it (the indexed query, not the reservation): for orders older than their
   * reservations' retention. An order recorded before an order ended once may hold both types; the asked one wins.
   */
  async function recordedEnding(platformId: Types.ObjectId, orderRef: string, asked: OrderEventType): Promise<Ending | null> {
    const recorded = await OrderEvent.find({ platformId, orderRef }, { _id: 1, type: 1 }).lean();
    const ending = recorded.find((e) => e.type === asked) ?? recorded[0];
    return ending ? { eventId: ending._id, type: ending.type } : null;
  }

  async function accept(eventId: Types.ObjectId): Promise<Outcome<{ accepted: true }>> {
    await deps.facts.enqueue('order-event', eventId);
    return succeed({ accepted: true });
  }

  /** Binds an idempotency key to its first request; a later request under the key must be the same. */
  async function claimKey(platformId: Types.ObjectId, operation: string, key: string, request: unknown): Promise<UserError | null> {
    const _id = requestKeyIdOf(platformId, operation, key);
    const requestHash = digestOf(request);
    const claim = await claimOrReplay(groupInsert(IdempotencyKey, { _id, requestHash, createdAt: now() }), {
      first: () => IdempotencyKey.findById(_id).lean(),
      sameRequest: (first) => first.requestHash === requestHash,
    });
    return claim.kind === 'claimed' || claim.kind === 'replay' ? null : keyReusedError('request');
  }

  /** A choice already recorded, answering a repeated request. */
  async function replayed(choice: PackagingChoiceDoc): Promise<Outcome<PackagingChoiceDoc>> {
    // The fact may have been recorded by a request that died before enqueueing: enqueue again (harmless).
    rememberOrder(choice);
    await deps.facts.enqueueChoice(choice);
    observer.idempotentReplay('choose_packaging');
    return succeed(choice);
  }

  return {
    async quote(platformId, parcelInput, consumerRef, warehouseRef = null) {
      const parsed = parseParcel(parcelInput);
      const refErrors = [
        checkReference('consumerRef', consumerRef, ['consumerRef']),
        warehouseRef === null ? null : checkReference('warehouseRef', warehouseRef, ['warehouseRef']),
      ].filter((e): e is UserError => e !== null);
      if (!parsed.parcel || refErrors.length > 0) return fail(...parsed.errors, ...refErrors);
      const parcel = parsed.parcel;
      const [reference, activity] = await Promise.all([deps.reference.current(), deps.levels.activity(platformId, consumerRef)]);
      const { standard } = reference;
      const pricing = reference.pricingRules(platformId.toHexString());
      const earning = reference.earningRules(platformId.toHexString());
      const maxVolume = maxInnerVolumeMm3(parcel, standard);
      const catalogue = reference.catalogueFor(platformId.toHexString(), warehouseRef);
      const candidates = candidatesFor(catalogue, parcel, maxVolume);
      // A size no offerable type fits (in the whole catalogue, not only what this platform stocks): for right-sizing.
      if (candidates.length === 0 && (catalogue === reference.catalogue || candidatesFor(reference.catalogue, parcel, maxVolume).length === 0)) {
        deps.rightSizing?.record(parcel, now().getTime());
      }
      const level = levelFor(earning.levels, activity);
      const { carbon } = reference;
      const createdAt = now();
      // A consumer with no green choice on record may be making their first: the ledger decides (once per campaign).
      const campaigns = { list: reference.campaigns(platformId.toHexString()), atMs: createdAt.getTime(), mayBeFirstGreenChoice: activity.greenChoices === 0 };
      const drafts = buildQuoteOptions({ parcel, candidates, standard, pricing, earning, carbon, campaigns, level });
      const options: QuoteOption[] = drafts.map((d) => ({
        id: d.id,
        packagingClass: d.packagingClass,
        packagingTypeId: d.packagingTypeId === null ? null : new Types.ObjectId(d.packagingTypeId),
        packagingTypeRevision: d.packagingTypeRevision,
        priceMinor: d.priceMinor,
        depositMinor: d.depositMinor,
        currency: d.currency,
        credits: d.credits,
        emptySpaceRatio: d.emptySpaceRatio,
        recommended: d.recommended,
        co2eGrams: d.co2eGrams,
        co2eAvoidedGrams: d.co2eAvoidedGrams,
        carbonVersion: carbon.version,
        campaignCredits: d.campaignCredits.map((line) => ({ ...line })),
      }));
      const quote: QuoteDoc = {
        _id: newIdAt(createdAt),
        platformId,
        consumerRef,
        parcel,
        standardVersion: standard.version,
        pricingVersion: pricing.version,
        earningVersion: earning.version,
        carbonVersion: carbon.version,
        levelName: level.name,
        options,
        createdAt,
        expiresAt: new Date(createdAt.getTime() + QUOTE_TTL_MS),
      };
      await deps.offers.put(quote, createdAt.getTime());
      const offeredTypes = new Map<string, PackagingTypeDoc>();
      for (const { packagingTypeId } of drafts) {
        const type = packagingTypeId === null ? undefined : reference.packagingType(packagingTypeId);
        if (packagingTypeId !== null && type) offeredTypes.set(packagingTypeId, type);
      }
      return succeed({ ...quote, offeredTypes });
    },

    async choosePackaging(platformId, input) {
      const errors = [
        checkReference('orderRef', input.orderRef, ['input', 'orderRef']),
        input.idempotencyKey == null ? null : checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']),
      ].filter((e): e is UserError => e !== null);
      if (errors.length > 0) return fail(...errors);
      const quoteId = Types.ObjectId.isValid(input.quoteId) ? new Types.ObjectId(input.quoteId) : null;
      if (!quoteId) return fail(notFoundError(['input', 'quoteId'], 'no such quote'));
      const found = await deps.offers.get(quoteId);
      // Another platform's quote is as unknown to this platform as a quote that never existed.
      if (found && !found.platformId.equals(platformId)) return fail(notFoundError(['input', 'quoteId'], 'no such quote'));
      if (!found) {
        // Expired, lost with Redis, or never given out: all the same to the client, who asks again. A choice made from
        // it in time still answers a replay of its request.
        const existing = await choiceOf(platformId, input.orderRef);
        if (existing?.quoteId.equals(quoteId) && existing.option.id === localOptionId(input.optionId, quoteId)) {
          if (input.idempotencyKey != null) {
            const request = { quoteId: quoteId.toHexString(), optionId: existing.option.id, orderRef: input.orderRef };
            const reused = await claimKey(platformId, 'choosePackaging', input.idempotencyKey, request);
            if (reused) return fail(reused);
          }
          return replayed(existing);
        }
        return fail({ code: 'QUOTE_EXPIRED', field: ['input', 'quoteId'], message: 'the quote has expired; ask for a new one' });
      }
      const quote = found;
      const optionId = localOptionId(input.optionId, quote._id);
      const option = quote.options.find((o) => o.id === optionId);
      if (!option) return fail(notFoundError(['input', 'optionId'], 'no such option in this quote'));
      // Bound only once the request names a real option, so a typo does not burn the key.
      if (input.idempotencyKey != null) {
        const request = { quoteId: quote._id.toHexString(), optionId: option.id, orderRef: input.orderRef };
        const reused = await claimKey(platformId, 'choosePackaging', input.idempotencyKey, request);
        if (reused) return fail(reused);
      }

      const replay = async (choice: PackagingChoiceDoc): Promise<Outcome<PackagingChoiceDoc>> => {
        if (!choice.quoteId.equals(quote._id) || choice.option.id !== option.id) {
          return fail({ code: 'ALREADY_CHOSEN', field: ['input', 'orderRef'], message: `order ${input.orderRef} already has a packaging choice` });
        }
        return replayed(choice);
      };
      if (quote.expiresAt.getTime() <= now().getTime()) {
        // A replay of a choice made in time still answers with that choice.
        const existing = await choiceOf(platformId, input.orderRef);
        if (existing) return replay(existing);
        return fail({ code: 'QUOTE_EXPIRED', field: ['input', 'quoteId'], message: 'the quote has expired; ask for a new one' });
      }

      const chosenAt = now();
      const choice: PackagingChoiceDoc = {
        _id: newIdAt(chosenAt),
        platformId,
        orderRef: input.orderRef,
        consumerRef: quote.consumerRef,
        quoteId: quote._id,
        option,
        createdAt: chosenAt,
      };
      // Insert first: the unique (platformId, orderRef) index decides between concurrent or repeated requests.
      if ((await groupInsert(PackagingChoice, choice)) === 'duplicate') {
        const winner = await choiceOf(platformId, input.orderRef);
        if (!winner) throw new Error(`order ${input.orderRef}: the choice collided with nothing`);
        return replay(winner);
      }
      rememberOrder(choice);
      await deps.facts.enqueueChoice(choice);
      return succeed(choice);
    },

    async recordOrderEvent(platformId, input) {
      const refError = checkReference('orderRef', input.orderRef, ['input', 'orderRef']);
      if (refError) return fail(refError);
      const occurredAt = input.occurredAt ?? now();
      if (occurredAt.getTime() > now().getTime() + CLOCK_SKEW_MS) {
        return fail(validationError(['input', 'occurredAt'], 'occurredAt is in the future'));
      }
      const choice = await choiceOf(platformId, input.orderRef);
      if (!choice) {
        return fail({ code: 'UNKNOWN_ORDER', field: ['input', 'orderRef'], message: `order ${input.orderRef} has no packaging choice` });
      }
      if (occurredAt.getTime() < choice.createdAt.getTime()) {
        return fail(validationError(['input', 'occurredAt'], 'occurredAt is before the packaging was chosen'));
      }
      const fact: EndingFact = { platformId, orderRef: input.orderRef, type: input.type, choiceId: choice._id, occurredAt };
      /** The order has ended: the same fact again is a replay (enqueued again in case its first request died before
       *  doing so); the other one is refused. */
      const answer = async (ended: Ending): Promise<Outcome<{ accepted: true }>> => {
        if (ended.type !== input.type) {
          const how = ended.type === 'DELIVERED' ? 'delivered' : 'cancelled';
          return fail({ code: 'ORDER_CLOSED', field: ['input', 'type'], message: `order ${input.orderRef} was already ${how}; an order ends once` });
        }
        observer.idempotentReplay('order_event');
        return accept(ended.eventId);
      };
      // An order older than its reservations' retention may have lost them: ask the events' index then.
      if (choice.createdAt.getTime() < now().getTime() - ORDER_KEYS_KEPT_MS) {
        const ended = await recordedEnding(platformId, input.orderRef, input.type);
        if (ended) return answer(ended);
      }
      // Reserve the order's ending first: its key decides between concurrent or repeated requests, a delivery and a
      // cancellation sent at once included, and the winner's event is the one.
      const recordedAt = now();
      const event: OrderEventDoc = { ...fact, _id: newIdAt(recordedAt), createdAt: recordedAt };
      const reservation = { _id: orderEndingKeyOf(platformId, input.orderRef), eventId: event._id, type: fact.type, occurredAt, choiceId: choice._id };
      if ((await groupInsert(OrderEventKey, reservation)) === 'duplicate') {
        const winner = await OrderEventKey.findById(reservation._id).lean();
        if (!winner) throw new Error(`order ${input.orderRef}: the ending's reservation collided with nothing`);
        const { eventId, type, occurredAt: winnerOccurredAt, choiceId } = winner;
        return answer(await completeEvent(eventId, { platformId, orderRef: input.orderRef, type, occurredAt: winnerOccurredAt, choiceId }));
      }
      const ended = await completeEvent(event._id, fact);
      if (!ended.eventId.equals(event._id)) return answer(ended);
      await deps.facts.enqueueOrderEvent(event, choice);
      return succeed({ accepted: true });
    },
  };
}
