// The recycling loop over HTTP, with the worker running: a reusable unit's two trips, returns crediting the ledger
// and owing deposits, loose packaging, and who may do what.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';

const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 };
const UNIT = 'unit { serial status cycles packagingType { sku } }';
const RETURN = `mutation($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { id serial flagged reasons } userErrors { code field } } }`;
const SHIP = `mutation($input: ShipmentInput!) { recordShipment(input: $input) { ${UNIT} userErrors { code field } } }`;
const ACCOUNT = `query($ref: String!) { creditAccount(consumerRef: $ref) { available pending entries(first: 20) { nodes { kind amount reason } } } }`;

interface Unit { serial: string; status: string; cycles: number; packagingType: { sku: string } }
interface UserErrors { userErrors: { code: string; field: string[] | null }[] }
type ReturnResult = { recordReturn: { returnEvent: { id: string; serial: string | null; flagged: boolean; reasons: string[] } | null } & UserErrors };
type ShipResult = { recordShipment: { unit: Unit | null } & UserErrors };
type Account = { creditAccount: { available: number; pending: number; entries: { nodes: { kind: string; amount: number; reason: string }[] } } };

describe('GraphQL over HTTP: the recycling loop', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let pointId = '';
  let crateTypeId = '';

  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });

  before(async () => {
    service = await startService('e2e_recycling');
    for (const [name, kind] of [['producer', 'PRODUCER'], ['producer2', 'PRODUCER'], ['platform', 'PLATFORM'], ['collector', 'COLLECTOR'], ['collector2', 'COLLECTOR']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
    const registered = await call<{ registerPackagingType: { packagingType: { id: string; classification: { packagingClass: string } } } }>('producer',
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id classification { packagingClass } } } }', { input: reusableCrate('CRATE-1') });
    crateTypeId = registered.data?.registerPackagingType.packagingType.id ?? '';
    expect(registered.data?.registerPackagingType.packagingType.classification.packagingClass).to.equal('REUSABLE');
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string; region: string; accepts: string[]; operator: { name: string } } } & UserErrors }>('collector',
      'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id region accepts operator { name } } userErrors { code field } } }',
      { input: { name: 'Station 1', region: 'cn-31', accepts: ['PAPER_CARD', 'PLASTIC'] } });
    expect(point.data?.registerCollectionPoint.collectionPoint).to.deep.include({ region: 'CN-31', accepts: ['PAPER_CARD', 'PLASTIC'], operator: { name: 'collector' } });
    pointId = point.data?.registerCollectionPoint.collectionPoint.id ?? '';
  });
  after(() => service.dispose());

  /** A consumer's order that chose the reusable crate. */
  async function reusableOrder(consumerRef: string, orderRef: string): Promise<void> {
    const quote = await call<{ packagingOptions: { id: string; options: { id: string; packagingClass: string; depositMinor: number }[] } }>('platform',
      'query($parcel: ParcelInput!, $ref: String!) { packagingOptions(parcel: $parcel, consumerRef: $ref) { id options { id packagingClass depositMinor } } }',
      { parcel: crateParcel, ref: consumerRef });
    const option = quote.data?.packagingOptions.options.find((o) => o.packagingClass === 'REUSABLE');
    expect(option?.depositMinor).to.equal(500);
    const chosen = await call<{ choosePackaging: UserErrors }>('platform', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code field } } }',
      { input: { quoteId: quote.data?.packagingOptions.id, optionId: option?.id, orderRef } });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
  }
  const deliver = (orderRef: string) => call('platform', 'mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted } }', { input: { orderRef, type: 'DELIVERED' } });
  const returnUnit = (serial: string, idempotencyKey: string, who = 'collector') => call<ReturnResult>(who, RETURN, { input: { collectionPointId: pointId, idempotencyKey, serial } });
  const available = async (consumerRef: string, expected: number) =>
    eventually(async () => {
      const account = await call<Account>('platform', ACCOUNT, { ref: consumerRef });
      return account.data?.creditAccount.available === expected ? account.data.creditAccount : undefined;
    }, 15_000, `${String(expected)} credits for ${consumerRef}`);

  it('takes a unit through two trips: issued, shipped, returned twice; each return credits its consumer and owes the deposit', async () => {
    const issued = await call<{ issueReusableUnits: { units: Unit[] } & UserErrors }>('producer',
      `mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial status cycles packagingType { sku } } userErrors { code field } } }`,
      { input: { packagingTypeId: crateTypeId, serials: ['CR-0001', 'CR-0002'] } });
    expect(issued.data?.issueReusableUnits.units.map((u) => [u.serial, u.status, u.cycles, u.packagingType.sku])).to.deep.equal([['CR-0001', 'IN_STOCK', 0, 'CRATE-1'], ['CR-0002', 'IN_STOCK', 0, 'CRATE-1']]);

    await reusableOrder('amy', 'amy-1');
    const shipped = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'amy-1', serial: 'CR-0001' } });
    expect(shipped.data?.recordShipment.unit).to.deep.include({ status: 'SHIPPED', cycles: 0 });
    const again = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'amy-1', serial: 'CR-0001' } });
    expect(again.data?.recordShipment.unit?.status, 'the same shipment again is a replay').to.equal('SHIPPED');

    const neverShipped = await returnUnit('CR-0002', 'ret-0');
    expect(neverShipped.data?.recordReturn.userErrors).to.deep.equal([{ code: 'UNIT_NOT_SHIPPED', field: ['input', 'serial'] }]);

    await deliver('amy-1');
    const first = await returnUnit('CR-0001', 'ret-1');
    expect(first.data?.recordReturn.returnEvent).to.deep.include({ serial: 'CR-0001', flagged: false, reasons: [] });
    const replay = await returnUnit('CR-0001', 'ret-1');
    expect(replay.data?.recordReturn.returnEvent?.id, 'same key, same return').to.equal(first.data?.recordReturn.returnEvent?.id);
    const duplicate = await returnUnit('CR-0001', 'ret-2');
    expect(duplicate.data?.recordReturn.userErrors).to.deep.equal([{ code: 'DUPLICATE_RETURN', field: ['input', 'serial'] }]);
    const reused = await returnUnit('CR-0002', 'ret-1');
    expect(reused.data?.recordReturn.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);

    const afterFirst = await available('amy', 15);
    expect(afterFirst.entries.nodes.map((e) => [e.kind, e.amount])).to.deep.equal([['EARN_PENDING', 15], ['EARN_POSTED', 15]]);
    expect(afterFirst.entries.nodes[1]?.reason).to.equal('reusable unit CR-0001 returned');

    // the second trip
    await reusableOrder('amy', 'amy-2');
    expect((await call<ShipResult>('platform', SHIP, { input: { orderRef: 'amy-2', serial: 'CR-0001' } })).data?.recordShipment.unit).to.deep.include({ status: 'SHIPPED', cycles: 1 });
    await deliver('amy-2');
    expect((await returnUnit('CR-0001', 'ret-3')).data?.recordReturn.userErrors).to.deep.equal([]);
    await available('amy', 30);
    const unit = await call<{ reusableUnit: Unit }>('producer', `query { reusableUnit(serial: "CR-0001") { serial status cycles packagingType { sku } } }`);
    expect(unit.data?.reusableUnit).to.deep.equal({ serial: 'CR-0001', status: 'RETURNED', cycles: 2, packagingType: { sku: 'CRATE-1' } });

    const refunds = await eventually(async () => {
      const listed = await call<{ depositRefunds: { totalCount: number; nodes: { serial: string; orderRef: string; consumerRef: string; amountMinor: number; currency: string }[] } }>('platform',
        '{ depositRefunds(first: 10) { totalCount nodes { serial orderRef consumerRef amountMinor currency } } }');
      return listed.data?.depositRefunds.totalCount === 2 ? listed.data.depositRefunds : undefined;
    }, 10_000, 'two deposit refunds');
    expect(refunds.nodes).to.deep.equal([
      { serial: 'CR-0001', orderRef: 'amy-1', consumerRef: 'amy', amountMinor: 500, currency: 'CNY' },
      { serial: 'CR-0001', orderRef: 'amy-2', consumerRef: 'amy', amountMinor: 500, currency: 'CNY' },
    ]);
  });

  it('refuses to ship a unit that is out, into an order that did not choose it, or into an unknown order', async () => {
    await reusableOrder('bob', 'bob-1');
    await reusableOrder('bob', 'bob-2');
    expect((await call<ShipResult>('platform', SHIP, { input: { orderRef: 'bob-1', serial: 'CR-0002' } })).data?.recordShipment.userErrors).to.deep.equal([]);
    const twice = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'bob-2', serial: 'CR-0002' } });
    expect(twice.data?.recordShipment.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'serial'] }]);
    const unknown = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'nobody-1', serial: 'CR-0001' } });
    expect(unknown.data?.recordShipment.userErrors.map((e) => e.code)).to.deep.equal(['UNKNOWN_ORDER']);
    const own = await call<{ packagingOptions: { id: string; options: { id: string }[] } }>('platform',
      'query($parcel: ParcelInput!) { packagingOptions(parcel: $parcel, consumerRef: "bob") { id options { id } } }', { parcel: { ...crateParcel, shipsInOwnPackaging: true } });
    await call('platform', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
      { input: { quoteId: own.data?.packagingOptions.id, optionId: own.data?.packagingOptions.options[0]?.id, orderRef: 'bob-own' } });
    const notReusable = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'bob-own', serial: 'CR-0001' } });
    expect(notReusable.data?.recordShipment.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'orderRef'] }]);
    const missing = await call<ShipResult>('platform', SHIP, { input: { orderRef: 'bob-2', serial: 'NO-SUCH-1' } });
    expect(missing.data?.recordShipment.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
  });

  it('credits loose packaging per item to a named consumer, counts it without one, and refuses a material the point does not take', async () => {
    const loose = (idempotencyKey: string, extra: Record<string, unknown>) =>
      call<ReturnResult>('collector', RETURN, { input: { collectionPointId: pointId, idempotencyKey, material: 'PAPER_CARD', quantity: 2, massGrams: 300, ...extra } });
    expect((await loose('loose-1', { platformId: ids.platform, consumerRef: 'cid' })).data?.recordReturn.userErrors).to.deep.equal([]);
    expect((await loose('loose-2', {})).data?.recordReturn.returnEvent?.serial).to.equal(null);
    const glass = await loose('loose-3', { material: 'GLASS' });
    expect(glass.data?.recordReturn.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['input', 'material'] }]);
    const account = await available('cid', 10);
    expect(account.entries.nodes.at(-1)?.reason).to.equal('2 item(s) of paper_card packaging returned');
  });

  it('lets each organization do only its part', async () => {
    const platformReturn = await returnUnit('CR-0001', 'p-1', 'platform');
    expect(platformReturn.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const otherCollector = await returnUnit('CR-0002', 'c2-1', 'collector2');
    expect(otherCollector.data?.recordReturn.userErrors).to.deep.equal([{ code: 'NOT_FOUND', field: ['input', 'collectionPointId'] }]);
    const issue = 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } userErrors { code field } } }';
    const byCollector = await call('collector', issue, { input: { packagingTypeId: crateTypeId, serials: ['CR-0100'] } });
    expect(byCollector.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const byOtherProducer = await call<{ issueReusableUnits: UserErrors }>('producer2', issue, { input: { packagingTypeId: crateTypeId, serials: ['CR-0100'] } });
    expect(byOtherProducer.data?.issueReusableUnits.userErrors).to.deep.equal([{ code: 'NOT_FOUND', field: ['input', 'packagingTypeId'] }]);
    const taken = await call<{ issueReusableUnits: UserErrors }>('producer', issue, { input: { packagingTypeId: crateTypeId, serials: ['CR-0100', 'CR-0100', 'x'] } });
    expect(taken.data?.issueReusableUnits.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.serials.1', 'input.serials.2']);
    const refunds = await call('collector', '{ depositRefunds { totalCount } }');
    expect(refunds.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const points = await call<{ collectionPoints: { totalCount: number; nodes: { name: string }[] } }>('platform', '{ collectionPoints { totalCount nodes { name } } }');
    expect(points.data?.collectionPoints).to.deep.equal({ totalCount: 1, nodes: [{ name: 'Station 1' }] });
  });
});
