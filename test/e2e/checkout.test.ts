import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox, leadedBox, plainBox, reusableCrate } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually, testRedisUrl } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const QUOTE = `query($parcel: ParcelInput!, $consumerRef: String!) {
  packagingOptions(parcel: $parcel, consumerRef: $consumerRef) {
    id expiresAt standardVersion pricingVersion
    options { id packagingClass packagingType { id sku } priceMinor depositMinor currency credits emptySpaceRatio recommended }
  }
}`;
const CHOOSE = `mutation($input: ChoosePackagingInput!) {
  choosePackaging(input: $input) { choice { id orderRef consumerRef option { id packagingClass } } userErrors { code field message } }
}`;
const EVENT = `mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted userErrors { code field } } }`;
const SET_PRICING = `mutation($input: PricingRulesInput!) {
  setPricingRules(input: $input) { pricingRules { version currency reusableDepositMinor classes { packagingClass feeMinor currency sizeBands { feeMinor currency } } } userErrors { code field message } }
}`;

interface Option { id: string; packagingClass: string; packagingType: { id: string; sku: string } | null; priceMinor: number; depositMinor: number; currency: string; credits: number; emptySpaceRatio: number; recommended: boolean }
interface QuoteResult { packagingOptions: { id: string; expiresAt: string; standardVersion: string; pricingVersion: number; options: Option[] } }
interface ChooseResult { choosePackaging: { choice: { id: string; orderRef: string; consumerRef: string; option: { id: string; packagingClass: string } } | null; userErrors: { code: string; field: string[] | null }[] } }

const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 1200 };

describe('GraphQL over HTTP: checkout', () => {
  const clock = pinnedClock('2026-12-31T23:45:00Z'); // a quote's 30 minutes run into the next year
  let service: RunningService;
  let url = '';
  const keys: Record<string, string> = {};

  before(async () => {
    service = await startService('e2e_checkout', {}, { clock: clock.now });
    url = service.url;
    for (const [name, kind] of [['producer', 'PRODUCER'], ['platformA', 'PLATFORM'], ['platformB', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
    }
    for (const input of [greenBox('GREEN-1'), plainBox('PLAIN-1'), reusableCrate('CRATE-1'), leadedBox('LEAD-1'), { ...greenBox('GREEN-BIG'), innerDimensions: { lengthMm: 400, widthMm: 300, heightMm: 200 } }]) {
      const registered = await graphql<{ registerPackagingType: { userErrors: unknown[] } }>(url,
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { userErrors { code field message } } }',
        { key: keys.producer, variables: { input } });
      expect(registered.data?.registerPackagingType.userErrors, input.sku).to.deep.equal([]);
    }
  });
  after(() => service.dispose());

  const quote = async (p: Record<string, unknown> = parcel, key = keys.platformA) => {
    const response = await graphql<QuoteResult>(url, QUOTE, { key, variables: { parcel: p, consumerRef: 'c-123' } });
    return response;
  };

  it('offers the smallest fitting compliant packaging per class, priced by class, with one recommendation', async () => {
    const response = await quote();
    expect(response.errors).to.equal(undefined);
    const q = response.data?.packagingOptions;
    const byClass = Object.fromEntries((q?.options ?? []).map((o) => [o.packagingClass, o]));
    expect(Object.keys(byClass)).to.have.members(['STANDARD', 'GREEN', 'REUSABLE']);
    expect(byClass.GREEN?.packagingType?.sku, 'the smaller of two green boxes').to.equal('GREEN-1');
    expect(byClass.GREEN?.emptySpaceRatio).to.equal(0.244); // 1 - 4536000 / 6000000
    expect(byClass.STANDARD).to.include({ priceMinor: 100, depositMinor: 0, credits: 0, currency: 'CNY' });
    expect(byClass.GREEN).to.include({ priceMinor: 0, credits: 5 });
    expect(byClass.REUSABLE).to.include({ depositMinor: 500 });
    expect(q?.options.filter((o) => o.recommended).map((o) => o.packagingClass)).to.deep.equal(['REUSABLE']);
    expect(q?.standardVersion).to.equal('GL-STD-2026.2');
    expect(q?.pricingVersion).to.equal(0);
    expect(new Date(q?.expiresAt ?? 0).getTime() - clock.nowMs()).to.be.within(29 * 60_000, 30 * 60_000);
  });

  it('offers the product’s own packaging as REDUCED with no packaging type, and recommends it', async () => {
    const q = (await quote({ ...parcel, shipsInOwnPackaging: true })).data?.packagingOptions;
    const own = q?.options.find((o) => o.packagingType === null);
    expect(own).to.include({ packagingClass: 'REDUCED', priceMinor: -50, credits: 10, emptySpaceRatio: 0, recommended: true });
    expect(q?.options.filter((o) => o.recommended)).to.have.length(1);
  });

  it('offers no box that would leave more than half the parcel empty', async () => {
    const q = (await quote({ lengthMm: 100, widthMm: 100, heightMm: 50, weightGrams: 100 })).data?.packagingOptions;
    expect(q?.options).to.deep.equal([]);
  });

  it('answers a bad parcel with BAD_USER_INPUT listing each field, never a 5xx', async () => {
    const response = await quote({ lengthMm: 0, widthMm: 100000, heightMm: 50, weightGrams: -1 });
    expect(response.status).to.equal(200);
    expect(response.errors?.[0]?.extensions?.code).to.equal('BAD_USER_INPUT');
    const fields = (response.errors?.[0]?.extensions as { userErrors?: { field: string[] }[] } | undefined)?.userErrors?.map((e) => e.field.join('.'));
    expect(fields).to.deep.equal(['parcel.lengthMm', 'parcel.widthMm', 'parcel.weightGrams']);
  });

  it('lets only platforms ask for quotes', async () => {
    const response = await quote(parcel, keys.producer);
    expect(response.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('records a choice once: replays return it, another option is ALREADY_CHOSEN, a reused key is refused', async () => {
    const q = (await quote()).data?.packagingOptions;
    const [first, second] = q?.options ?? [];
    const choose = (optionId: string | undefined, orderRef: string, idempotencyKey?: string, key = keys.platformA) =>
      graphql<ChooseResult>(url, CHOOSE, { key, variables: { input: { quoteId: q?.id, optionId, orderRef, idempotencyKey } } });

    const chosen = await choose(first?.id, 'order-1', 'k-1');
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    expect(chosen.data?.choosePackaging.choice).to.deep.include({ orderRef: 'order-1', consumerRef: 'c-123' });
    const replay = await choose(first?.id, 'order-1', 'k-1');
    expect(replay.data?.choosePackaging.choice?.id).to.equal(chosen.data?.choosePackaging.choice?.id);
    const replayWithoutKey = await choose(first?.id, 'order-1');
    expect(replayWithoutKey.data?.choosePackaging.choice?.id).to.equal(chosen.data?.choosePackaging.choice?.id);

    const other = await choose(second?.id, 'order-1');
    expect(other.data?.choosePackaging.userErrors.map((e) => e.code)).to.deep.equal(['ALREADY_CHOSEN']);
    const reused = await choose(first?.id, 'order-2', 'k-1');
    expect(reused.data?.choosePackaging.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    expect(await service.running.store.models.PackagingChoice.countDocuments({ orderRef: 'order-2' })).to.equal(0);

    const unknownOption = await choose('o99', 'order-3');
    expect(unknownOption.data?.choosePackaging.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    const foreign = await choose(first?.id, 'order-4', undefined, keys.platformB);
    expect(foreign.data?.choosePackaging.userErrors.map((e) => e.code), 'another platform’s quote').to.deep.equal(['NOT_FOUND']);
    expect(await service.running.store.models.PackagingChoice.countDocuments()).to.equal(1);

    // The recorded fact reaches its job: the choice is received, awaiting crediting.
    const choiceId = chosen.data?.choosePackaging.choice?.id ?? '';
    await eventually(async () => (await service.running.store.models.FactReceipt.exists({ _id: `choice:${choiceId}` })) ?? undefined, 10_000, 'the choice job');
  });

  it('refuses a quote past its 30 minutes, and one Redis lost, with QUOTE_EXPIRED; a choice made in time still replays', async () => {
    const choose = (quoteId: string, orderRef: string, idempotencyKey: string | null = null) =>
      graphql<ChooseResult>(url, CHOOSE, { key: keys.platformA, variables: { input: { quoteId, optionId: 'o1', orderRef, idempotencyKey } } });
    const codes = (r: { data?: ChooseResult | null }) => r.data?.choosePackaging.userErrors.map((e) => e.code);
    const inTime = (await quote()).data?.packagingOptions.id ?? '';
    const late = (await quote()).data?.packagingOptions.id ?? '';
    const first = await choose(inTime, 'timely-order', 'k-timely');
    expect(codes(first)).to.deep.equal([]);

    clock.advance(30 * 60_000 + 1000);
    expect(codes(await choose(late, 'late-order', 'k-late')), 'past its 30 minutes').to.deep.equal(['QUOTE_EXPIRED']);
    const replay = await choose(inTime, 'timely-order');
    expect(replay.data?.choosePackaging.choice?.id, 'a choice made in time replays').to.equal(first.data?.choosePackaging.choice?.id);

    // Redis restarted without its data: the quotes are gone, the choices (facts in the store) are not.
    const lost = (await quote()).data?.packagingOptions.id ?? '';
    const redis = new Redis(testRedisUrl());
    try {
      expect(await redis.del(`${service.config.queuePrefix}:quote:${lost}`, `${service.config.queuePrefix}:quote:${inTime}`)).to.equal(2);
    } finally {
      redis.disconnect();
    }
    expect(codes(await choose(lost, 'lost-order')), 'a quote Redis lost').to.deep.equal(['QUOTE_EXPIRED']);
    expect((await choose(inTime, 'timely-order', 'k-timely')).data?.choosePackaging.choice?.id, 'still replays').to.equal(first.data?.choosePackaging.choice?.id);
    expect(codes(await choose(inTime, 'timely-order', 'k-late')), 'a key bound to another request').to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    expect(codes(await choose(new Types.ObjectId().toHexString(), 'made-up-order')), 'an id never given out').to.deep.equal(['QUOTE_EXPIRED']);
  });

  it('records delivery once per order and ends an order once: a delivered order is not cancelled, a cancelled one not delivered', async () => {
    const q = (await quote()).data?.packagingOptions;
    await graphql(url, CHOOSE, { key: keys.platformA, variables: { input: { quoteId: q?.id, optionId: 'o1', orderRef: 'order-10' } } });
    const event = (orderRef: string, type: string, key = keys.platformA) => graphql<{ recordOrderEvent: { accepted: boolean; userErrors: { code: string }[] } }>(url, EVENT, { key, variables: { input: { orderRef, type } } });
    expect((await event('order-10', 'DELIVERED')).data?.recordOrderEvent).to.deep.equal({ accepted: true, userErrors: [] });
    expect((await event('order-10', 'DELIVERED')).data?.recordOrderEvent).to.deep.equal({ accepted: true, userErrors: [] });
    expect((await event('order-10', 'CANCELLED')).data?.recordOrderEvent.userErrors.map((e) => e.code)).to.deep.equal(['ORDER_CLOSED']);
    expect((await event('order-10', 'DELIVERED')).data?.recordOrderEvent, 'a replay of the delivery').to.deep.equal({ accepted: true, userErrors: [] });
    await graphql(url, CHOOSE, { key: keys.platformA, variables: { input: { quoteId: q?.id, optionId: 'o1', orderRef: 'order-11' } } });
    expect((await event('order-11', 'CANCELLED')).data?.recordOrderEvent).to.deep.equal({ accepted: true, userErrors: [] });
    expect((await event('order-11', 'DELIVERED')).data?.recordOrderEvent.userErrors.map((e) => e.code)).to.deep.equal(['ORDER_CLOSED']);
    expect((await event('never-chosen', 'DELIVERED')).data?.recordOrderEvent).to.deep.equal({ accepted: false, userErrors: [{ code: 'UNKNOWN_ORDER', field: ['input', 'orderRef'] }] });
    expect((await event('order-10', 'DELIVERED', keys.platformB)).data?.recordOrderEvent.userErrors.map((e) => e.code), 'another platform’s order').to.deep.equal(['UNKNOWN_ORDER']);
    expect(await service.running.store.models.OrderEvent.countDocuments({ orderRef: 'order-10' })).to.equal(1);
  });

  it('versions pricing rules: bad rules are refused whole, good ones price the next quote', async () => {
    const rules = (standard: number) => ({
      currency: 'CNY',
      reusableDepositMinor: 800,
      classes: [
        { packagingClass: 'STANDARD', feeMinor: standard },
        { packagingClass: 'REDUCED', feeMinor: -80 },
        { packagingClass: 'GREEN', feeMinor: -20 },
        { packagingClass: 'REUSABLE', feeMinor: 0 },
      ],
    });
    const bad = await graphql<{ setPricingRules: { pricingRules: unknown; userErrors: { code: string }[] } }>(url, SET_PRICING, { key: keys.platformB, variables: { input: { ...rules(150), currency: 'yuan' } } });
    expect(bad.data?.setPricingRules.pricingRules).to.equal(null);
    expect(bad.data?.setPricingRules.userErrors.map((e) => e.code)).to.deep.equal(['VALIDATION']);

    const banded = { ...rules(150), classes: rules(150).classes.map((c) => (c.packagingClass === 'GREEN' ? { ...c, sizeBands: [{ maxInnerVolumeCm3: 1000, feeMinor: -30 }] } : c)) };
    const good = await graphql<{ setPricingRules: { pricingRules: { version: number; classes: { packagingClass: string; currency: string; sizeBands: { feeMinor: number; currency: string }[] }[] } } }>(url, SET_PRICING, { key: keys.platformB, variables: { input: banded } });
    expect(good.data?.setPricingRules.pricingRules.version).to.equal(1);
    // Every fee carries its currency, the bands' too.
    expect(good.data?.setPricingRules.pricingRules.classes.map((c) => c.currency)).to.deep.equal(['CNY', 'CNY', 'CNY', 'CNY']);
    expect(good.data?.setPricingRules.pricingRules.classes.find((c) => c.packagingClass === 'GREEN')?.sizeBands).to.deep.equal([{ feeMinor: -30, currency: 'CNY' }]);
    const q = (await quote(parcel, keys.platformB)).data?.packagingOptions;
    expect(q?.pricingVersion).to.equal(1);
    expect(q?.options.find((o) => o.packagingClass === 'STANDARD')?.priceMinor).to.equal(150);
    expect(q?.options.find((o) => o.packagingClass === 'REUSABLE')?.depositMinor).to.equal(800);
    // platform A still runs on the defaults
    expect((await quote()).data?.packagingOptions.pricingVersion).to.equal(0);
  });
});
