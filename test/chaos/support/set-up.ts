// Everything the workload needs before the faults start, made through the API as a client would: organizations,
// packaging types (one of each class per parcel size), earning rules, collection points and the reusable units the
// plan packs.
import type { RecyclabilityGrade } from '../../../server/domain/packaging.js';
import type { ApiClient, UserError } from './api-client.js';
import { CHAOS_ADMIN_KEY } from './cluster.js';
import type { RegisteredType, Setup } from './invariants.js';
import { PLATFORMS, POINTS, PRODUCERS, type Catalog, type Plan } from './workload.js';
import { systemNow } from '../../support/test-clock.js';

/** Rules the expectations can compute exactly: one level for everyone (no multiplier), no daily cap in reach. */
export const EARNING_RULES = {
  ownPackagingCredits: 10,
  choiceCredits: { standard: 0, reduced: 2, green: 5, reusable: 0 },
  reusableReturnCredits: 15,
  reusableReturnWindowDays: 14,
  collectionReturnCreditsPerItem: 5,
  dailyCapPerConsumer: 1_000_000,
  expiryMonths: 12,
  expiryWarningDays: 30,
  levels: [{ name: 'EVERYONE', minGreenChoices: 0, minReturnRatePct: 0, multiplierPct: 100, depositFree: false }],
};

const substances = { leadMgKg: 10, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 };
const plasticSubstances = { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: 100 };

/** Producer 0 makes the small sizes, producer 1 the large: each parcel size's options come from one producer. */
const CATALOG = [
  [
    { sku: 'S-GREEN', class: 'GREEN', input: { name: 'Recycled mailer S', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 150, recycledContentPct: 60, recyclableSharePct: 97, substanceTest: substances } },
    { sku: 'S-PLAIN', class: 'STANDARD', input: { name: 'Plain box S', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 400, recycledContentPct: 0, recyclableSharePct: 60, substanceTest: substances } },
    { sku: 'S-CRATE', class: 'REUSABLE', input: { name: 'Crate S', material: 'PLASTIC', format: 'BOX', innerDimensions: { lengthMm: 320, widthMm: 220, heightMm: 120 }, massGrams: 900, recycledContentPct: 60, recyclableSharePct: 97, designedCycles: 50, substanceTest: plasticSubstances } },
  ],
  [
    { sku: 'L-GREEN', class: 'GREEN', input: { name: 'Recycled mailer L', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 400, widthMm: 300, heightMm: 150 }, massGrams: 320, recycledContentPct: 70, recyclableSharePct: 90, substanceTest: substances } },
    { sku: 'L-PLAIN', class: 'STANDARD', input: { name: 'Plain box L', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 400, widthMm: 300, heightMm: 150 }, massGrams: 1200, recycledContentPct: 0, recyclableSharePct: 50, substanceTest: substances } },
    { sku: 'L-CRATE', class: 'REUSABLE', input: { name: 'Crate L', material: 'PLASTIC', format: 'BOX', innerDimensions: { lengthMm: 420, widthMm: 320, heightMm: 160 }, massGrams: 1500, recycledContentPct: 50, recyclableSharePct: 96, designedCycles: 60, substanceTest: plasticSubstances } },
  ],
] as const;

type Payload<K extends string, T> = Record<K, T & { userErrors: UserError[] }>;

function must<T>(what: string, value: T | null | undefined, errors: readonly UserError[]): T {
  if (value === null || value === undefined) throw new Error(`set-up: ${what} refused: ${errors.map((e) => `${e.code} ${e.message ?? ''}`).join('; ')}`);
  return value;
}

export async function setUp(client: ApiClient, plan: Plan, graphqlUrls: readonly string[]): Promise<{ catalog: Catalog; setup: Setup }> {
  const create = async (name: string, kind: string) => {
    const answer = await client.call<Payload<'createOrganization', { organization: { id: string } | null; apiKey: string | null }>>('createOrganization', CHAOS_ADMIN_KEY,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } apiKey userErrors { code message } } }',
      { input: { name, kind } });
    const payload = answer.createOrganization;
    return { id: must(`organization ${name}`, payload.organization, payload.userErrors).id, key: must(`key of ${name}`, payload.apiKey, payload.userErrors) };
  };
  const platforms = [];
  for (let i = 0; i < PLATFORMS; i += 1) platforms.push(await create(`Chaos platform ${String(i)}`, 'PLATFORM'));
  const producers = [];
  for (let i = 0; i < PRODUCERS; i += 1) producers.push(await create(`Chaos producer ${String(i)}`, 'PRODUCER'));
  const collector = await create('Chaos collector', 'COLLECTOR');
  const regulator = await create('Chaos regulator', 'REGULATOR');

  const types: RegisteredType[] = [];
  for (const [producer, items] of CATALOG.entries()) {
    for (const item of items) {
      const answer = await client.call<Payload<'registerPackagingType', { packagingType: { id: string; classification: { packagingClass: string; grade: RecyclabilityGrade } } | null }>>(
        'registerPackagingType', producers[producer]?.key ?? '',
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id classification { packagingClass grade } } userErrors { code message } } }',
        { input: { sku: item.sku, ...item.input } });
      const registered = must(`packaging type ${item.sku}`, answer.registerPackagingType.packagingType, answer.registerPackagingType.userErrors);
      if (registered.classification.packagingClass !== item.class) throw new Error(`set-up: ${item.sku} classified ${registered.classification.packagingClass}, expected ${item.class}`);
      types.push({ id: registered.id, producer, material: item.input.material, massGrams: item.input.massGrams, grade: registered.classification.grade, packagingClass: item.class });
    }
  }

  for (const platform of platforms) {
    const answer = await client.call<Payload<'setEarningRules', { earningRules: { version: number } | null }>>('setEarningRules', platform.key,
      'mutation($input: EarningRulesInput!) { setEarningRules(input: $input) { earningRules { version } userErrors { code message } } }', { input: EARNING_RULES });
    must('earning rules', answer.setEarningRules.earningRules, answer.setEarningRules.userErrors);
  }

  const pointIds: string[] = [];
  for (const point of POINTS) {
    const answer = await client.call<Payload<'registerCollectionPoint', { collectionPoint: { id: string } | null }>>('registerCollectionPoint', collector.key,
      'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id } userErrors { code message } } }',
      { input: { name: point.name, region: point.region, accepts: point.accepts } });
    pointIds.push(must(`collection point ${point.name}`, answer.registerCollectionPoint.collectionPoint, answer.registerCollectionPoint.userErrors).id);
  }

  // Every order that may choose a reusable unit gets its own serial, of its parcel size's crate.
  const unitsIssued: Record<string, number> = {};
  for (const [producer, size] of [[0, 'small'], [1, 'large']] as const) {
    const crate = types.find((t) => t.producer === producer && t.packagingClass === 'REUSABLE');
    const serials = plan.stories.flatMap((s) => (s.kind === 'order' && s.size === size ? [s.serial] : []));
    if (!crate || serials.length === 0) continue;
    for (let i = 0; i < serials.length; i += 1000) {
      const batch = serials.slice(i, i + 1000);
      const answer = await client.call<Payload<'issueReusableUnits', { units: { serial: string }[] }>>('issueReusableUnits', producers[producer]?.key ?? '',
        'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } userErrors { code message } } }',
        { input: { packagingTypeId: crate.id, serials: batch } });
      if (answer.issueReusableUnits.units.length !== batch.length) must('reusable units', null, answer.issueReusableUnits.userErrors);
    }
    unitsIssued[crate.id] = serials.length;
  }

  // The cluster runs the real entry point on the machine's clock: its facts fall in the machine's current year.
  const period = String(systemNow().getUTCFullYear());
  return {
    catalog: {
      graphqlUrls,
      platformKeys: platforms.map((p) => p.key),
      platformIds: platforms.map((p) => p.id),
      producerKeys: producers.map((p) => p.key),
      producerIds: producers.map((p) => p.id),
      collectorKey: collector.key,
      regulatorKey: regulator.key,
      pointIds,
      period,
    },
    setup: {
      platformIds: platforms.map((p) => p.id),
      producerIds: producers.map((p) => p.id),
      types,
      unitsIssued,
      reusableReturnCredits: EARNING_RULES.reusableReturnCredits,
      collectionReturnCreditsPerItem: EARNING_RULES.collectionReturnCreditsPerItem,
      period,
    },
  };
}
