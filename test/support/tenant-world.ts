// Two tenants of every organization kind, each with real data made through the API as a client would: packaging
// types, reusable units and a recycling report (producers); a consumer contact, orders, a shipped unit, posted and
// redeemed credits and a deposit refund (platforms); a collection point, a unit return and a flagged return
// (collectors). Every value a tenant owns is unique to it, so a test can search any response for another's data.
import { randomBytes } from 'node:crypto';
import { graphql } from './graphql-client.js';
import { greenBox, reusableCrate } from './packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from './services.js';

export const ORGANIZATION_KINDS = ['PRODUCER', 'PLATFORM', 'COLLECTOR', 'REGULATOR'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export type TenantTag = 'a' | 'b';
export const TENANT_TAGS: readonly TenantTag[] = ['a', 'b'];

export interface Organization {
  readonly tag: TenantTag;
  readonly kind: OrganizationKind;
  readonly id: string;
  readonly name: string;
  readonly key: string;
  /** The public id part of the key (glk_<id>_<secret>). */
  readonly keyId: string;
  readonly contactEmail: string;
}

export interface ProducerData {
  readonly org: Organization;
  readonly boxId: string;
  readonly boxSku: string;
  readonly boxName: string;
  readonly crateId: string;
  readonly crateSku: string;
  readonly crateName: string;
  /** The first was shipped and returned; the second is in stock. */
  readonly serials: readonly [string, string];
  readonly reportId: string;
  readonly reportKey: string;
  readonly reportInput: Record<string, unknown>;
  readonly evidence: string;
}

export interface PlatformData {
  readonly org: Organization;
  readonly consumerRef: string;
  readonly consumerEmail: string;
  readonly quoteId: string;
  readonly optionId: string;
  readonly crateOrderRef: string;
  readonly ownOrderRef: string;
  readonly chooseKey: string;
  readonly choiceId: string;
  readonly redeemKey: string;
  readonly creditEntryIds: readonly string[];
}

export interface CollectorData {
  readonly org: Organization;
  readonly pointId: string;
  readonly pointName: string;
  readonly region: string;
  readonly returnId: string;
  readonly returnKey: string;
  readonly flaggedReturnId: string;
}

/** Who may see a value besides its owner: nobody else, non-producers (the shared catalog), or named organizations. */
export type Audience =
  | { readonly kind: 'owner-only' }
  | { readonly kind: 'catalog' }
  | { readonly kind: 'also'; readonly organizationIds: readonly string[]; readonly kinds: readonly OrganizationKind[] };

/** A value one organization owns, and who else may see it. The operator may read everything. */
export interface Marker {
  readonly value: string;
  readonly what: string;
  readonly ownerId: string;
  readonly audience: Audience;
  /** Consumer identities and contact data: never shown to a regulator, whatever else holds. */
  readonly personal: boolean;
}

export interface World {
  readonly url: string;
  readonly organizations: readonly Organization[];
  readonly producers: Readonly<Record<TenantTag, ProducerData>>;
  readonly platforms: Readonly<Record<TenantTag, PlatformData>>;
  readonly collectors: Readonly<Record<TenantTag, CollectorData>>;
  readonly regulators: Readonly<Record<TenantTag, Organization>>;
  /** An organization whose key the operator may revoke without harming the tenants. */
  readonly spare: Organization;
  readonly period: string;
  readonly markers: readonly Marker[];
}

/**
 * The instant a world's service starts at (`startService(..., { clock: pinnedClock(WORLD_STARTS_AT).now })`) and
 * the month its facts fall in: the last half hour of June in UTC, when a month, a quarter and a half close together.
 */
export const WORLD_STARTS_AT = '2026-06-30T23:20:00Z';
export const WORLD_PERIOD = '2026-06';

const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const keyIdOf = (apiKey: string) => /^glk_([a-f0-9]{16})_/.exec(apiKey)?.[1] ?? '';

/** Calls the API and insists on no errors and no userErrors: seeding that fails should say where. */
async function must<T>(url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await graphql<T>(url, query, { key, variables });
  const userErrors = JSON.stringify(response.data ?? {}).match(/"userErrors":\[\{[^\]]*\]/);
  if (response.errors || !response.data || userErrors) {
    throw new Error(`seeding failed: ${query.slice(0, 80)} -> ${JSON.stringify(response.errors ?? userErrors ?? response.data)}`);
  }
  return response.data;
}

async function createOrganization(url: string, tag: TenantTag, kind: OrganizationKind): Promise<Organization> {
  const name = unique(`${kind.toLowerCase()} ${tag}`);
  const contactEmail = `${unique(`contact-${kind.toLowerCase()}-${tag}`)}@org.example`;
  // Producers carry a 6-digit EPR organisation ID, which the UK packaging data export files their data under.
  const registrationNumber = kind === 'PRODUCER' ? String(100_000 + (randomBytes(4).readUInt32BE() % 900_000)) : null;
  const created = await must<{ createOrganization: { apiKey: string; organization: { id: string } } }>(url, TEST_ADMIN_KEY,
    'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } userErrors { code } } }',
    { input: { name, kind, contactEmail, registrationNumber } });
  const key = created.createOrganization.apiKey;
  return { tag, kind, id: created.createOrganization.organization.id, name, key, keyId: keyIdOf(key), contactEmail };
}

/** Sizes that make each platform's parcel fit its own producer's crate best (a's crate is the smaller). */
const CRATE_SIZE: Record<TenantTag, { lengthMm: number; widthMm: number; heightMm: number }> = {
  a: { lengthMm: 320, widthMm: 220, heightMm: 120 },
  b: { lengthMm: 420, widthMm: 320, heightMm: 220 },
};
const PARCEL: Record<TenantTag, { lengthMm: number; widthMm: number; heightMm: number; weightGrams: number }> = {
  a: { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 },
  b: { lengthMm: 400, widthMm: 300, heightMm: 200, weightGrams: 1500 },
};

async function seedProducer(url: string, org: Organization, period: string): Promise<ProducerData> {
  const boxSku = unique(`BOX-${org.tag}`).toUpperCase();
  const crateSku = unique(`CRATE-${org.tag}`).toUpperCase();
  const register = async (input: Record<string, unknown>) =>
    (await must<{ registerPackagingType: { packagingType: { id: string } } }>(url, org.key,
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } userErrors { code } } }', { input })).registerPackagingType.packagingType.id;
  const box = { ...greenBox(boxSku), name: unique(`box name ${org.tag}`) };
  const crate = { ...reusableCrate(crateSku), name: unique(`crate name ${org.tag}`), innerDimensions: CRATE_SIZE[org.tag] };
  const boxId = await register(box);
  const crateId = await register(crate);
  const serials = [unique(`SER-${org.tag}`).toUpperCase(), unique(`SER-${org.tag}`).toUpperCase()] as const;
  await must(url, org.key, 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } userErrors { code } } }',
    { input: { packagingTypeId: crateId, serials } });
  const evidence = unique(`EVIDENCE-${org.tag}`);
  const reportKey = unique(`report-key-${org.tag}`);
  const reportInput = { period, idempotencyKey: reportKey, lines: [{ material: 'PAPER_CARD', recoveredGrams: 5000, recycledGrams: 4000, evidence: [evidence] }] };
  const report = await must<{ submitRecyclingReport: { report: { id: string } } }>(url, org.key,
    'mutation($input: RecyclingReportInput!) { submitRecyclingReport(input: $input) { report { id } userErrors { code } } }', { input: reportInput });
  return {
    org, boxId, boxSku, boxName: box.name, crateId, crateSku, crateName: crate.name, serials,
    reportId: report.submitRecyclingReport.report.id, reportKey, reportInput, evidence,
  };
}

interface Quote { packagingOptions: { id: string; options: { id: string; packagingClass: string; packagingType: { id: string } | null }[] } }

type PlatformBeforeReturn = Omit<PlatformData, 'redeemKey' | 'creditEntryIds'> & {
  /** Once the collector took the crate back: credits posted, some redeemed, the deposit refund owed. */
  settle(): Promise<PlatformData>;
};

async function seedPlatform(url: string, org: Organization, producer: ProducerData): Promise<PlatformBeforeReturn> {
  const consumerRef = unique(`consumer-${org.tag}`);
  const consumerEmail = `${unique(`shopper-${org.tag}`)}@consumer.example`;
  await must(url, org.key, 'mutation($input: ConsumerContactInput!) { setConsumerContact(input: $input) { contact { email } userErrors { code } } }',
    { input: { consumerRef, email: consumerEmail, consent: true } });
  const quoteFor = async (parcel: Record<string, unknown>) => (await must<Quote>(url, org.key,
    'query($parcel: ParcelInput!, $ref: String!) { packagingOptions(parcel: $parcel, consumerRef: $ref) { id options { id packagingClass packagingType { id } } } }',
    { parcel, ref: consumerRef })).packagingOptions;
  const choose = async (quoteId: string, optionId: string, orderRef: string, idempotencyKey: string) =>
    (await must<{ choosePackaging: { choice: { id: string } } }>(url, org.key,
      'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { choice { id } userErrors { code } } }',
      { input: { quoteId, optionId, orderRef, idempotencyKey } })).choosePackaging.choice.id;

  // A reusable crate of this tenant's producer: shipped, delivered, and (below) returned.
  const quote = await quoteFor(PARCEL[org.tag]);
  const reusable = quote.options.find((o) => o.packagingClass === 'REUSABLE' && o.packagingType?.id === producer.crateId);
  if (!reusable) throw new Error(`seeding failed: no REUSABLE option of ${producer.crateSku} in ${JSON.stringify(quote)}`);
  const crateOrderRef = unique(`order-${org.tag}`);
  const chooseKey = unique(`choose-key-${org.tag}`);
  const choiceId = await choose(quote.id, reusable.id, crateOrderRef, chooseKey);
  await must(url, org.key, 'mutation($input: ShipmentInput!) { recordShipment(input: $input) { unit { serial } userErrors { code } } }',
    { input: { orderRef: crateOrderRef, serial: producer.serials[0] } });
  // Its own packaging: credits on delivery, to redeem.
  const own = await quoteFor({ ...PARCEL[org.tag], shipsInOwnPackaging: true });
  const ownOption = own.options.find((o) => o.packagingType === null);
  if (!ownOption) throw new Error('seeding failed: no own-packaging option');
  const ownOrderRef = unique(`order-${org.tag}`);
  await choose(own.id, ownOption.id, ownOrderRef, unique(`choose-key-${org.tag}`));
  for (const orderRef of [crateOrderRef, ownOrderRef]) {
    await must(url, org.key, 'mutation($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted userErrors { code } } }', { input: { orderRef, type: 'DELIVERED' } });
  }
  const base = { org, consumerRef, consumerEmail, quoteId: quote.id, optionId: reusable.id, crateOrderRef, ownOrderRef, chooseKey, choiceId };
  return {
    ...base,
    async settle(): Promise<PlatformData> {
      await eventually(async () => {
        const account = await graphql<{ creditAccount: { available: number } }>(url, 'query($ref: String!) { creditAccount(consumerRef: $ref) { available } }', { key: org.key, variables: { ref: consumerRef } });
        return (account.data?.creditAccount.available ?? 0) >= 25 ? true : undefined;
      }, 20_000, `posted credits for ${consumerRef}`);
      const redeemKey = unique(`redeem-key-${org.tag}`);
      await must(url, org.key, 'mutation($input: RedeemCreditsInput!) { redeemCredits(input: $input) { entry { id } userErrors { code } } }',
        { input: { consumerRef, amount: 5, idempotencyKey: redeemKey, purpose: 'seed' } });
      await eventually(async () => {
        const refunds = await graphql<{ depositRefunds: { totalCount: number } }>(url, '{ depositRefunds(first: 5) { totalCount } }', { key: org.key });
        return refunds.data?.depositRefunds.totalCount === 1 ? true : undefined;
      }, 20_000, `the deposit refund of ${crateOrderRef}`);
      const entries = await must<{ creditAccount: { entries: { nodes: { id: string }[] } } }>(url, org.key,
        'query($ref: String!) { creditAccount(consumerRef: $ref) { entries(first: 100) { nodes { id } } } }', { ref: consumerRef });
      return { ...base, redeemKey, creditEntryIds: entries.creditAccount.entries.nodes.map((e) => e.id) };
    },
  };
}

async function seedCollector(url: string, org: Organization, producer: ProducerData, platform: Organization, consumerRef: string): Promise<CollectorData> {
  const pointName = unique(`point ${org.tag}`);
  const region = unique(`CN-${org.tag}`).toUpperCase();
  const point = await must<{ registerCollectionPoint: { collectionPoint: { id: string } } }>(url, org.key,
    'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id } userErrors { code } } }',
    { input: { name: pointName, region, accepts: ['PAPER_CARD', 'PLASTIC'] } });
  const pointId = point.registerCollectionPoint.collectionPoint.id;
  const RETURN = 'mutation($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { id flagged } userErrors { code } } }';
  const returnKey = unique(`return-key-${org.tag}`);
  const returned = await must<{ recordReturn: { returnEvent: { id: string; flagged: boolean } } }>(url, org.key, RETURN,
    { input: { collectionPointId: pointId, idempotencyKey: returnKey, serial: producer.serials[0] } });
  // More loose items from one consumer in a day than is plausible: flagged, held for review.
  const flagged = await must<{ recordReturn: { returnEvent: { id: string; flagged: boolean } } }>(url, org.key, RETURN,
    { input: { collectionPointId: pointId, idempotencyKey: unique(`return-key-${org.tag}`), material: 'PAPER_CARD', quantity: 60, massGrams: 3000, platformId: platform.id, consumerRef } });
  if (returned.recordReturn.returnEvent.flagged || !flagged.recordReturn.returnEvent.flagged) throw new Error('seeding failed: the returns were not judged as expected');
  return { org, pointId, pointName, region, returnId: returned.recordReturn.returnEvent.id, returnKey, flaggedReturnId: flagged.recordReturn.returnEvent.id };
}

/** Seeds the world on a running service (API and worker). */
/** Seeds a world through the API of a service whose clock starts at WORLD_STARTS_AT. */
export async function seedWorld(url: string): Promise<World> {
  const period = WORLD_PERIOD;
  const orgs = {} as Record<`${OrganizationKind}:${TenantTag}`, Organization>;
  for (const tag of TENANT_TAGS) {
    for (const kind of ORGANIZATION_KINDS) orgs[`${kind}:${tag}`] = await createOrganization(url, tag, kind);
  }
  const spare = await createOrganization(url, 'a', 'PRODUCER');
  const producers = {} as Record<TenantTag, ProducerData>;
  const platforms = {} as Record<TenantTag, PlatformData>;
  const collectors = {} as Record<TenantTag, CollectorData>;
  for (const tag of TENANT_TAGS) {
    producers[tag] = await seedProducer(url, orgs[`PRODUCER:${tag}`], period);
  }
  for (const tag of TENANT_TAGS) {
    const platform = await seedPlatform(url, orgs[`PLATFORM:${tag}`], producers[tag]);
    collectors[tag] = await seedCollector(url, orgs[`COLLECTOR:${tag}`], producers[tag], orgs[`PLATFORM:${tag}`], platform.consumerRef);
    platforms[tag] = await platform.settle();
  }
  const regulators = { a: orgs['REGULATOR:a'], b: orgs['REGULATOR:b'] };
  const organizations = [...Object.values(orgs), spare];
  return { url, organizations, producers, platforms, collectors, regulators, spare, period, markers: markersOf(organizations, producers, platforms, collectors) };
}

function markersOf(
  organizations: readonly Organization[],
  producers: Record<TenantTag, ProducerData>,
  platforms: Record<TenantTag, PlatformData>,
  collectors: Record<TenantTag, CollectorData>,
): Marker[] {
  const markers: Marker[] = [];
  const add = (ownerId: string, audience: Audience, personal: boolean, entries: Record<string, string>) => {
    for (const [what, value] of Object.entries(entries)) markers.push({ value, what, ownerId, audience, personal });
  };
  const ownerOnly: Audience = { kind: 'owner-only' };
  for (const org of organizations) {
    // An organization's contact address is for GreenLoop's mail only; its key ids are its own business.
    add(org.id, ownerOnly, false, { 'organization contact e-mail': org.contactEmail, 'API key id': org.keyId });
  }
  for (const tag of TENANT_TAGS) {
    const producer = producers[tag];
    const platform = platforms[tag];
    const collector = collectors[tag];
    add(producer.org.id, { kind: 'catalog' }, false, {
      'packaging type id': producer.boxId, 'packaging type SKU': producer.boxSku, 'packaging type name': producer.boxName,
      'reusable type id': producer.crateId, 'reusable type SKU': producer.crateSku, 'reusable type name': producer.crateName,
      'reusable unit serial': producer.serials[0], 'reusable unit serial (in stock)': producer.serials[1],
    });
    // A report and its evidence are for the regulator to decide on; its idempotency key is the producer's alone.
    add(producer.org.id, { kind: 'also', organizationIds: [], kinds: ['REGULATOR'] }, false, { 'recycling report id': producer.reportId, 'recycling evidence': producer.evidence });
    add(producer.org.id, ownerOnly, false, { 'recycling report key': producer.reportKey });
    add(platform.org.id, ownerOnly, true, { 'consumer ref': platform.consumerRef, 'consumer e-mail': platform.consumerEmail });
    add(platform.org.id, ownerOnly, false, {
      'quote id': platform.quoteId, 'order ref': platform.crateOrderRef, 'own-packaging order ref': platform.ownOrderRef,
      'choice idempotency key': platform.chooseKey, 'choice id': platform.choiceId, 'redemption key': platform.redeemKey,
    });
    platform.creditEntryIds.forEach((id, i) => { add(platform.org.id, ownerOnly, false, { [`credit entry ${String(i + 1)}`]: id }); });
    // A return is the collector's; regulators review returns; the platform owing the unit's deposit pages its
    // refunds by the return's id.
    add(collector.org.id, { kind: 'also', organizationIds: [platform.org.id], kinds: ['REGULATOR'] }, false, { 'return id': collector.returnId });
    add(collector.org.id, { kind: 'also', organizationIds: [], kinds: ['REGULATOR'] }, false, { 'flagged return id': collector.flaggedReturnId });
    add(collector.org.id, ownerOnly, false, { 'return idempotency key': collector.returnKey });
  }
  // Ids also travel as cursors (base64url of the hex id).
  const cursors = markers.filter((m) => /^[0-9a-f]{24}$/.test(m.value)).map((m) => ({ ...m, value: Buffer.from(m.value).toString('base64url'), what: `${m.what} (as a cursor)` }));
  return [...markers, ...cursors];
}

/** The caller of a request: an organization, the operator, or nobody. */
export type Caller =
  | { readonly kind: 'ORGANIZATION'; readonly org: Organization }
  | { readonly kind: 'ADMIN' }
  | { readonly kind: 'ANONYMOUS' };

export const callerKey = (caller: Caller): string | undefined =>
  caller.kind === 'ORGANIZATION' ? caller.org.key : caller.kind === 'ADMIN' ? TEST_ADMIN_KEY : undefined;

export const callerName = (caller: Caller): string =>
  caller.kind === 'ORGANIZATION' ? `${caller.org.kind} ${caller.org.tag}` : caller.kind === 'ADMIN' ? 'operator' : 'no key';

/** May this caller see this marker? */
export function maySee(caller: Caller, marker: Marker): boolean {
  if (caller.kind === 'ADMIN') return true;
  if (caller.kind === 'ANONYMOUS') return false;
  const { org } = caller;
  if (org.kind === 'REGULATOR' && marker.personal) return false;
  if (marker.ownerId === org.id) return true;
  switch (marker.audience.kind) {
    case 'owner-only': return false;
    case 'catalog': return org.kind !== 'PRODUCER';
    case 'also': return marker.audience.organizationIds.includes(org.id) || marker.audience.kinds.includes(org.kind);
  }
}

/** The markers in `responseText` that the caller may not see and did not send itself. */
export function leaks(world: World, caller: Caller, requestText: string, responseText: string): Marker[] {
  return world.markers.filter((m) => !maySee(caller, m) && responseText.includes(m.value) && !requestText.includes(m.value));
}
