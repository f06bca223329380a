// Tenant isolation, generated from the running schema: every Query and Mutation field, called by every kind of
// organization (and the operator, and no key) with another tenant's ids and references. Each call is refused
// (UNAUTHENTICATED, FORBIDDEN, a NOT_FOUND-like userError) or answered without the other tenant's data; no response
// shows a regulator a consumer; and afterwards every tenant's data is as it was. A new root field without a case
// in CASES fails the first test.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { GraphQLSchema } from 'graphql';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { pinnedClock } from '../support/test-clock.js';
import { postRaw, responseProblems, userErrorsIn, type GraphQLBody } from '../support/response-hygiene.js';
import { documentFor, introspectSchema, rootFields, type RootField } from '../support/schema-walk.js';
import {
  ORGANIZATION_KINDS, TENANT_TAGS, WORLD_STARTS_AT, callerKey, callerName, leaks, seedWorld,
  type Caller, type OrganizationKind, type TenantTag, type World,
} from '../support/tenant-world.js';

/** Who passes a field's role check: any key, any organization, or the kinds listed ('ADMIN': the operator key). */
type Gate = 'ANY_KEY' | 'ANY_ORGANIZATION' | readonly (OrganizationKind | 'ADMIN')[];

/** What a caller who passes the gate must get: a problem to report, or null. */
type Check = (value: unknown, response: GraphQLBody) => string | null;

interface Attempt {
  readonly label: string;
  readonly variables: Record<string, unknown>;
  /** For callers past the gate; by default any answer without leaks will do. */
  readonly check?: Check;
  /** For callers past the gate: the error the field itself must answer (a producer asking for another's report). */
  readonly refusal?: string;
}

interface Scene {
  readonly world: World;
  readonly caller: Caller;
  /** The caller's own tenant (for the operator and no key: the other one). */
  readonly own: TenantTag;
  /** The tenant whose ids the call carries. */
  readonly foreign: TenantTag;
}

interface FieldCase {
  readonly gate: Gate;
  readonly attempts: (scene: Scene) => Attempt[];
  /** How deep the walk selects, where the default would pass the query cost limit. */
  readonly depth?: number;
}

const SELECTION = { depth: 4, pageSize: 5 };

// ---- what an allowed caller must get --------------------------------------------------------------------------------

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);

const isNull: Check = (value) => (value === null ? null : `expected null, got ${JSON.stringify(value).slice(0, 200)}`);
const userErrorCodes = (...codes: string[]): Check => (value) => {
  const got = userErrorsIn(value).map((e) => e.code);
  return got.length > 0 && got.every((c) => codes.includes(c)) ? null : `expected userErrors ${codes.join('/')}, got ${JSON.stringify(got)}`;
};
const noUserErrors: Check = (value) => {
  const got = userErrorsIn(value);
  return got.length === 0 ? null : `expected no userErrors, got ${JSON.stringify(got)}`;
};
const both = (...checks: Check[]): Check => (value, response) => checks.map((c) => c(value, response)).find((p) => p !== null) ?? null;
/** A newly made thing must not be the other tenant's, replayed. */
const notTheirs = (path: string, theirs: string): Check => (value) => {
  const id = at(value, path);
  return typeof id === 'string' && id !== theirs ? null : `expected a new ${path}, got ${JSON.stringify(id)} (theirs: ${theirs})`;
};
const onlyFor = (kind: OrganizationKind, check: Check, caller: Caller): Check | undefined =>
  caller.kind === 'ORGANIZATION' && caller.org.kind === kind ? check : undefined;

// ---- inputs that are well formed but refused before anything is written ----------------------------------------------

const { reusable, ...standardRest } = REFERENCE_STANDARD;
const BAD_EPR_RULES = {
  version: ' ', sources: [], currency: 'x', baseFees: [], bands: [], redFactorPct: 0, recyclingTargets: [], atRiskMarginPct: 0,
  co2eGramsPerCartonReused: 0, reusableParcelShareTargets: [], unitsInServiceTargets: [],
};
const BAD_CARBON_FACTORS = { version: ' ', sources: [], materials: [], reuseTripGrams: -1, baselineBoardGramsPerM2: 0 };
const BAD_RECYCLING_RULES = { version: ' ', sources: [], presumedLostAfterDays: 0, minHoursBetweenRegions: 0, regionWindowDays: 0, maxItemsPerConsumerPerDay: 0 };
const BAD_STANDARD = { ...standardRest, reusableMinDesignedCycles: reusable.minDesignedCycles, version: ' ', effectiveFrom: '2999-01-01' };
const BAD_PRICING = { currency: 'nope', classes: [], reusableDepositMinor: -1 };
const BAD_EARNING = {
  ownPackagingCredits: -1, choiceCredits: { standard: 0, reduced: 0, green: 0, reusable: 0 }, reusableReturnCredits: 0, reusableReturnWindowDays: 0,
  collectionReturnCreditsPerItem: 0, dailyCapPerConsumer: 0, expiryMonths: 0, expiryWarningDays: 0, levels: [],
};
const LONG_NOTE = 'n'.repeat(501);
/** Lists page by the base64url of a row's id. */
const cursorOf = (id: string) => Buffer.from(id).toString('base64url');
const PARCEL = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 };

// ---- one entry per root field: who may call it, and calls that carry a foreign tenant's ids ---------------------------

const CASES: Record<string, FieldCase> = {
  // identity
  viewer: {
    gate: 'ANY_ORGANIZATION',
    attempts: ({ caller }) => [{ label: 'own organization', variables: {}, check: (v) => (caller.kind === 'ORGANIZATION' && at(v, 'id') === caller.org.id ? null : 'viewer is not the caller') }],
  },
  organization: {
    gate: ['ADMIN'],
    attempts: ({ world, foreign }) => [{ label: 'foreign platform by id', variables: { id: world.platforms[foreign].org.id } }],
  },
  createOrganization: {
    gate: ['ADMIN'],
    attempts: () => [{ label: 'invalid organization', variables: { input: { name: '', kind: 'PRODUCER' } }, check: userErrorCodes('VALIDATION') }],
  },
  rotateApiKey: {
    gate: 'ANY_KEY',
    attempts: ({ world, caller, foreign }) => {
      const target = caller.kind === 'ORGANIZATION' ? world.organizations.find((o) => o.kind === caller.org.kind && o.tag === foreign) : world.producers[foreign].org;
      // The operator may rotate anyone's key: a bad overlap stops it before it does.
      return caller.kind === 'ADMIN'
        ? [{ label: 'foreign key, bad overlap', variables: { input: { keyId: target?.keyId, overlapSeconds: -1 } }, check: userErrorCodes('VALIDATION') }]
        : [{ label: 'foreign key', variables: { input: { keyId: target?.keyId, overlapSeconds: 0 } }, check: userErrorCodes('NOT_FOUND') }];
    },
  },
  revokeApiKey: {
    gate: 'ANY_KEY',
    attempts: ({ world, caller, foreign }) => {
      const target = caller.kind === 'ORGANIZATION' ? world.organizations.find((o) => o.kind === caller.org.kind && o.tag === foreign) : undefined;
      return caller.kind === 'ADMIN'
        ? [{ label: 'the spare organization’s key', variables: { input: { keyId: world.spare.keyId } }, check: noUserErrors }]
        : [{ label: 'foreign key', variables: { input: { keyId: target?.keyId ?? world.producers[foreign].org.keyId } }, check: userErrorCodes('NOT_FOUND') }];
    },
  },
  updateOrganizationPreferences: {
    gate: 'ANY_KEY',
    // The operator may change anyone's preferences, so it is only shown refusing a call that names nobody.
    attempts: ({ world, caller, foreign }) => caller.kind === 'ADMIN'
      ? [{ label: 'no organization named', variables: { input: { locale: 'ZH_CN' } }, check: userErrorCodes('VALIDATION') }]
      : [{ label: 'foreign organization', variables: { input: { organizationId: world.producers[foreign].org.id, locale: 'ZH_CN' } }, check: userErrorCodes('NOT_FOUND') }],
  },
  setOrganizationRateLimit: {
    gate: ['ADMIN'],
    // The operator may set anyone's limit: it is shown refusing one out of range, which changes nothing.
    attempts: ({ world, foreign }) => [{ label: 'limit out of range', variables: { input: { organizationId: world.producers[foreign].org.id, requestsPerMinute: 0 } }, check: userErrorCodes('VALIDATION') }],
  },

  // catalog
  standard: { gate: 'ANY_KEY', attempts: () => [{ label: 'the active standard', variables: {} }] },
  packagingType: {
    gate: 'ANY_KEY',
    attempts: ({ world, caller, foreign }) => [
      { label: 'foreign packaging type', variables: { id: world.producers[foreign].boxId }, check: onlyFor('PRODUCER', isNull, caller) },
      { label: 'foreign reusable type', variables: { id: world.producers[foreign].crateId }, check: onlyFor('PRODUCER', isNull, caller) },
    ],
  },
  packagingTypes: {
    gate: 'ANY_KEY',
    attempts: ({ world, caller, foreign }) => [
      { label: 'foreign producer’s list', variables: { producerId: world.producers[foreign].org.id, first: 5 }, check: onlyFor('PRODUCER', (v) => (at(v, 'totalCount') === 0 ? null : 'a producer listed another’s types'), caller) },
      { label: 'everything', variables: { first: 100 } },
      { label: 'after a foreign type’s cursor', variables: { after: cursorOf(world.producers[foreign].boxId), first: 100 } },
    ],
  },
  registerPackagingType: {
    gate: ['PRODUCER'],
    attempts: ({ world, foreign }) => {
      const theirs = world.producers[foreign];
      return [{
        label: 'foreign SKU, same data',
        variables: { input: { sku: theirs.boxSku, name: theirs.boxName, material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 150, recycledContentPct: 60, recyclableSharePct: 97, substanceTest: { leadMgKg: 10, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 } } },
        check: both(noUserErrors, notTheirs('packagingType.id', theirs.boxId)),
      }];
    },
  },
  revisePackagingType: {
    gate: ['PRODUCER'],
    attempts: ({ world, foreign }) => {
      const theirs = world.producers[foreign];
      return [{
        label: 'foreign packaging type',
        variables: { input: { packagingTypeId: theirs.boxId, packagingType: { sku: theirs.boxSku, name: 'hijacked', material: 'PAPER_CARD', format: 'BOX', innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 }, massGrams: 150, recycledContentPct: 60, recyclableSharePct: 97 } } },
        check: userErrorCodes('NOT_FOUND'),
      }];
    },
  },
  activateStandard: { gate: ['REGULATOR'], attempts: () => [{ label: 'invalid standard', variables: { input: BAD_STANDARD }, check: userErrorCodes('VALIDATION') }] },

  // rule sets
  eprRules: { gate: 'ANY_KEY', attempts: () => [{ label: 'the fee scheme in force', variables: {} }] },
  recyclingRules: { gate: 'ANY_KEY', attempts: () => [{ label: 'the recycling rules in force', variables: {} }] },
  activateEprRules: { gate: ['REGULATOR'], attempts: () => [{ label: 'invalid fee scheme', variables: { input: BAD_EPR_RULES }, check: userErrorCodes('VALIDATION') }] },
  activateRecyclingRules: { gate: ['REGULATOR'], attempts: () => [{ label: 'invalid recycling rules', variables: { input: BAD_RECYCLING_RULES }, check: userErrorCodes('VALIDATION') }] },
  carbonFactors: { gate: 'ANY_KEY', attempts: () => [{ label: 'the carbon factors in force', variables: {} }] },
  campaigns: { gate: ['PLATFORM'], attempts: () => [{ label: 'its own campaigns', variables: {} }] },
  setCampaign: { gate: ['PLATFORM'], attempts: () => [{ label: 'an invalid campaign', variables: { input: { campaignRef: 'x y', name: '', kind: 'RETURN_BONUS', startsAt: '2026-01-02T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' } }, check: userErrorCodes('VALIDATION') }] },
  activateCarbonFactors: { gate: ['REGULATOR'], attempts: () => [{ label: 'invalid carbon factors', variables: { input: BAD_CARBON_FACTORS }, check: userErrorCodes('VALIDATION') }] },

  // checkout
  packagingOptions: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{ label: 'foreign consumer ref', variables: { parcel: PARCEL, consumerRef: world.platforms[foreign].consumerRef } }],
  },
  requestQuote: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{ label: 'foreign consumer ref', variables: { input: { parcel: PARCEL, consumerRef: world.platforms[foreign].consumerRef } } }],
  },
  pricingRules: { gate: ['PLATFORM'], attempts: () => [{ label: 'own rules', variables: {} }] },
  setPricingRules: { gate: ['PLATFORM'], attempts: () => [{ label: 'invalid rules', variables: { input: BAD_PRICING }, check: userErrorCodes('VALIDATION') }] },
  assortment: { gate: ['PLATFORM'], attempts: () => [{ label: 'own assortment, never set', variables: {}, check: isNull }] },
  setAssortment: {
    gate: ['PLATFORM'],
    // Stocking another producer's type is normal; an unknown id is refused and nothing is stored.
    attempts: () => [{ label: 'an unknown packaging type', variables: { input: { packagingTypeIds: ['0123456789abcdef01234567'] } }, check: userErrorCodes('NOT_FOUND') }],
  },
  choosePackaging: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => {
      const theirs = world.platforms[foreign];
      return [{
        label: 'foreign quote, order and idempotency key',
        variables: { input: { quoteId: theirs.quoteId, optionId: theirs.optionId, orderRef: theirs.crateOrderRef, idempotencyKey: theirs.chooseKey } },
        check: both(userErrorCodes('NOT_FOUND', 'VALIDATION'), (v) => (at(v, 'choice') === null ? null : 'a choice came back')),
      }];
    },
  },
  recordOrderEvent: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [
      { label: 'cancel a foreign order', variables: { input: { orderRef: world.platforms[foreign].crateOrderRef, type: 'CANCELLED' } }, check: userErrorCodes('UNKNOWN_ORDER') },
      { label: 'deliver a foreign order', variables: { input: { orderRef: world.platforms[foreign].ownOrderRef, type: 'DELIVERED' } }, check: userErrorCodes('UNKNOWN_ORDER') },
    ],
  },

  // credits
  consumerContact: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{ label: 'foreign consumer', variables: { consumerRef: world.platforms[foreign].consumerRef }, check: isNull }],
  },
  creditAccount: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{
      label: 'foreign consumer',
      variables: { consumerRef: world.platforms[foreign].consumerRef },
      check: (v) => (at(v, 'available') === 0 && at(v, 'pending') === 0 && at(v, 'lifetimeEarned') === 0 && at(v, 'entries.totalCount') === 0 ? null : `another platform’s account showed: ${JSON.stringify(v).slice(0, 200)}`),
    }],
  },
  earningRules: { gate: ['PLATFORM'], attempts: () => [{ label: 'own rules', variables: {} }] },
  redeemCredits: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => {
      const theirs = world.platforms[foreign];
      return [{
        label: 'replay of a foreign redemption',
        variables: { input: { consumerRef: theirs.consumerRef, amount: 5, idempotencyKey: theirs.redeemKey, purpose: 'seed' } },
        check: both(userErrorCodes('INSUFFICIENT_CREDITS'), (v) => (at(v, 'entry') === null ? null : 'an entry came back')),
      }];
    },
  },
  adjustCredits: {
    gate: ['ADMIN', 'PLATFORM'],
    // A platform naming another platform is refused; the operator may adjust anyone's, shown refusing a 0 that changes nothing.
    attempts: ({ world, foreign, caller }) => {
      const theirs = world.platforms[foreign];
      const input = { consumerRef: theirs.consumerRef, amount: 0, reason: 'isolation', idempotencyKey: 'iso-adjust', platformId: theirs.org.id };
      return caller.kind === 'ADMIN'
        ? [{ label: 'a zero adjustment', variables: { input }, check: userErrorCodes('VALIDATION') }]
        : [{ label: 'a foreign platform’s consumer', variables: { input: { ...input, amount: 5 } }, refusal: 'FORBIDDEN', check: isNull }];
    },
  },
  holdCredits: {
    gate: ['PLATFORM'],
    // The foreign platform's consumer ref names nobody here: an empty account, so nothing to hold.
    attempts: ({ world, foreign }) => [{ label: 'foreign consumer ref', variables: { input: { consumerRef: world.platforms[foreign].consumerRef, amount: 5, idempotencyKey: 'iso-hold' } }, check: userErrorCodes('INSUFFICIENT_CREDITS') }],
  },
  captureHold: { gate: ['PLATFORM'], attempts: () => [{ label: 'an unknown hold', variables: { input: { holdId: '0123456789abcdef01234567', idempotencyKey: 'iso-capture' } }, check: userErrorCodes('NOT_FOUND') }] },
  voidHold: { gate: ['PLATFORM'], attempts: () => [{ label: 'an unknown hold', variables: { input: { holdId: '0123456789abcdef01234567', idempotencyKey: 'iso-void' } }, check: userErrorCodes('NOT_FOUND') }] },
  creditHold: { gate: ['PLATFORM'], attempts: () => [{ label: 'an unknown hold', variables: { id: '0123456789abcdef01234567' }, check: isNull }] },
  reverseRedemption: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{
      label: 'a foreign platform’s redemption',
      variables: { input: { entryId: `${world.platforms[foreign].org.id}:${world.platforms[foreign].consumerRef}:1`, idempotencyKey: 'iso-reverse', reason: 'not mine' } },
      check: userErrorCodes('NOT_FOUND'),
    }],
  },
  rightSizing: { gate: ['PRODUCER', 'REGULATOR'], attempts: () => [{ label: 'a period nobody quoted in', variables: { period: '2026-01' } }] },
  feeSimulation: {
    gate: ['PRODUCER'],
    // A type of another producer is as unknown as one that does not exist.
    attempts: ({ world, foreign }) => [{ label: 'a foreign packaging type', variables: { packagingTypeId: world.producers[foreign].boxId, period: '2026' }, check: isNull }],
  },
  creditLiability: {
    gate: ['PLATFORM'],
    attempts: ({ world, caller }) => [{
      label: 'own liability',
      variables: {},
      // The caller's own figures only: the seed's consumers are the only ones with credits.
      check: (v) => (typeof at(v, 'outstanding') === 'number' && caller.kind === 'ORGANIZATION' && Object.values(world.platforms).some((p) => p.org.id === caller.org.id) ? null : 'no liability for the caller'),
    }],
  },
  setEarningRules: { gate: ['PLATFORM'], attempts: () => [{ label: 'invalid rules', variables: { input: BAD_EARNING }, check: userErrorCodes('VALIDATION') }] },
  setConsumerContact: {
    gate: ['PLATFORM'],
    // A consumer ref is the platform's own name for its consumer: the same ref at another platform is another person.
    attempts: ({ world, foreign }) => [{
      label: 'foreign consumer ref',
      variables: { input: { consumerRef: world.platforms[foreign].consumerRef, email: `${randomBytes(4).toString('hex')}@other.example`, consent: true } },
      check: noUserErrors,
    }],
  },
  removeConsumerContact: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{ label: 'foreign consumer ref', variables: { consumerRef: world.platforms[foreign].consumerRef }, check: noUserErrors }],
  },

  // recycling loop
  // A page of points, each with its hours and its operator's keys, passes the cost limit at depth 4.
  collectionPoints: { gate: 'ANY_KEY', depth: 3, attempts: () => [{ label: 'every point', variables: { first: 100 } }] },
  nearestCollectionPoints: { gate: 'ANY_KEY', depth: 3, attempts: () => [{ label: 'near Shanghai', variables: { near: { lat: 31.23, lng: 121.47 }, first: 100 } }] },
  reusableUnit: {
    gate: 'ANY_KEY',
    attempts: ({ world, caller, foreign }) => [
      { label: 'foreign returned unit', variables: { serial: world.producers[foreign].serials[0] }, check: onlyFor('PRODUCER', isNull, caller) },
      { label: 'foreign unit in stock', variables: { serial: world.producers[foreign].serials[1] }, check: onlyFor('PRODUCER', isNull, caller) },
    ],
  },
  flaggedReturns: {
    gate: ['REGULATOR', 'COLLECTOR'],
    // Each return names its collection point, whose hours and operator's keys pass the cost limit at depth 4.
    depth: 3,
    attempts: ({ world, caller, foreign }) => [
      {
        label: 'all flagged returns, reviewed or not',
        variables: { unreviewedOnly: false, first: 100 },
        check: onlyFor('COLLECTOR', (v) => (at(v, 'totalCount') === 1 ? null : `a collector counted ${JSON.stringify(at(v, 'totalCount'))} flagged returns, not its one`), caller),
      },
      { label: 'after a foreign return’s cursor', variables: { unreviewedOnly: false, after: cursorOf(world.collectors[foreign].flaggedReturnId), first: 100 } },
    ],
  },
  depositRefunds: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [
      { label: 'own refunds', variables: { first: 100 }, check: (v) => (at(v, 'totalCount') === 1 ? null : `a platform counted ${JSON.stringify(at(v, 'totalCount'))} refunds, not its one`) },
      { label: 'after a foreign refund’s cursor', variables: { after: cursorOf(world.collectors[foreign].returnId), first: 100 } },
    ],
  },
  registerCollectionPoint: {
    gate: ['COLLECTOR'],
    attempts: ({ world, foreign }) => {
      const theirs = world.collectors[foreign];
      return [{ label: 'foreign point’s name and region', variables: { input: { name: theirs.pointName, region: theirs.region, accepts: ['PAPER_CARD', 'PLASTIC'] } }, check: notTheirs('collectionPoint.id', theirs.pointId) }];
    },
  },
  issueReusableUnits: {
    gate: ['PRODUCER'],
    attempts: ({ world, own, foreign }) => [
      { label: 'foreign reusable type', variables: { input: { packagingTypeId: world.producers[foreign].crateId, serials: [`NEW-${randomBytes(4).toString('hex')}`] } }, check: userErrorCodes('NOT_FOUND') },
      { label: 'foreign serial for an own type', variables: { input: { packagingTypeId: world.producers[own].crateId, serials: [world.producers[foreign].serials[1]] } }, check: userErrorCodes('VALIDATION', 'NOT_FOUND') },
    ],
  },
  recordShipment: {
    gate: ['PLATFORM'],
    attempts: ({ world, foreign }) => [{ label: 'foreign order and unit', variables: { input: { orderRef: world.platforms[foreign].crateOrderRef, serial: world.producers[foreign].serials[1] } }, check: userErrorCodes('UNKNOWN_ORDER') }],
  },
  recordReturn: {
    gate: ['COLLECTOR'],
    attempts: ({ world, own, foreign }) => [
      {
        label: 'at a foreign point',
        variables: { input: { collectionPointId: world.collectors[foreign].pointId, idempotencyKey: world.collectors[foreign].returnKey, serial: world.producers[foreign].serials[1] } },
        check: userErrorCodes('NOT_FOUND'),
      },
      {
        label: 'own point, foreign idempotency key',
        variables: { input: { collectionPointId: world.collectors[own].pointId, idempotencyKey: world.collectors[foreign].returnKey, material: 'PAPER_CARD', quantity: 1, massGrams: 10 } },
        check: notTheirs('returnEvent.id', world.collectors[foreign].returnId),
      },
    ],
  },
  reviewReturn: {
    gate: ['REGULATOR', 'COLLECTOR'],
    // A regulator may review anyone's: an over-long note stops it before it does.
    attempts: ({ world, caller, foreign }) => [{
      label: 'foreign flagged return',
      variables: { input: { returnId: world.collectors[foreign].flaggedReturnId, decision: 'REJECTED', note: LONG_NOTE } },
      check: caller.kind === 'ORGANIZATION' && caller.org.kind === 'REGULATOR' ? userErrorCodes('VALIDATION') : userErrorCodes('NOT_FOUND'),
    }],
  },

  // producer responsibility
  producerCompliance: {
    gate: ['PRODUCER', 'REGULATOR'],
    attempts: ({ world, caller, foreign }) => [{
      label: 'foreign producer',
      variables: { producerId: world.producers[foreign].org.id, period: world.period },
      ...(caller.kind === 'ORGANIZATION' && caller.org.kind === 'PRODUCER' ? { refusal: 'FORBIDDEN', check: isNull } : {}),
    }],
  },
  rankings: {
    gate: 'ANY_ORGANIZATION',
    attempts: ({ world }) => ['PRODUCER', 'PLATFORM', 'COLLECTION_POINT'].map((kind) => ({ label: `${kind} ranking`, variables: { kind, period: world.period, first: 100 } })),
  },
  greenImpact: { gate: 'ANY_ORGANIZATION', attempts: ({ world }) => [{ label: 'this period', variables: { period: world.period } }] },
  complianceRecomputation: { gate: ['ADMIN', 'REGULATOR'], attempts: () => [{ label: 'an unknown recomputation', variables: { id: '0123456789abcdef01234567' }, check: isNull }] },
  recomputeCompliance: { gate: ['ADMIN', 'REGULATOR'], attempts: () => [{ label: 'a period not started', variables: { input: { period: '2999' } }, check: userErrorCodes('VALIDATION') }] },
  recyclingReports: {
    gate: ['PRODUCER', 'REGULATOR'],
    // A page of revisions, each naming its producer and its decider: at depth 4 the walk passes the cost limit.
    depth: 3,
    attempts: ({ world, caller, foreign }) => caller.kind === 'ORGANIZATION' && caller.org.kind === 'PRODUCER'
      ? [
        { label: 'a foreign producer’s', variables: { producerId: world.producers[foreign].org.id }, refusal: 'FORBIDDEN', check: isNull },
        { label: 'all it may see', variables: {}, check: (v) => (at(v, 'totalCount') === 1 ? null : `a producer counted ${JSON.stringify(at(v, 'totalCount'))} reports, not its one`) },
      ]
      : [{ label: 'a foreign producer’s', variables: { producerId: world.producers[foreign].org.id }, check: (v) => (at(v, 'totalCount') === 1 ? null : `a regulator counted ${JSON.stringify(at(v, 'totalCount'))} reports of one producer`) }],
  },
  placedOnMarketDeclarations: {
    gate: ['PRODUCER', 'REGULATOR'],
    depth: 3,
    attempts: ({ world, caller, foreign }) => caller.kind === 'ORGANIZATION' && caller.org.kind === 'PRODUCER'
      ? [{ label: 'a foreign producer’s', variables: { producerId: world.producers[foreign].org.id }, refusal: 'FORBIDDEN', check: isNull }]
      : [{ label: 'a foreign producer’s', variables: { producerId: world.producers[foreign].org.id } }],
  },
  declarePlacedOnMarket: {
    gate: ['PRODUCER'],
    // Refused before it writes (a period not started): the world stays as it was.
    attempts: () => [{ label: 'a period not started', variables: { input: { period: '2999', idempotencyKey: `iso-${randomBytes(4).toString('hex')}`, lines: [{ material: 'GLASS', grams: 1 }] } }, check: userErrorCodes('VALIDATION') }],
  },
  decideRecyclingReport: {
    gate: ['REGULATOR'],
    // A regulator may decide anyone's: a blank reason stops it before it does.
    attempts: ({ world, foreign }) => [{
      label: 'a foreign producer’s report',
      variables: { input: { reportId: world.producers[foreign].reportId, decision: 'ACCEPTED', reason: ' ', idempotencyKey: `iso-${randomBytes(4).toString('hex')}` } },
      check: userErrorCodes('VALIDATION'),
    }],
  },
  submitRecyclingReport: {
    gate: ['PRODUCER'],
    attempts: ({ world, foreign }) => [{
      label: 'replay of a foreign report',
      variables: { input: world.producers[foreign].reportInput },
      check: both(noUserErrors, notTheirs('report.id', world.producers[foreign].reportId)),
    }],
  },
};

// ---- the matrix ---------------------------------------------------------------------------------------------------

function passesGate(gate: Gate, caller: Caller): boolean {
  if (caller.kind === 'ANONYMOUS') return false;
  if (gate === 'ANY_KEY') return true;
  if (caller.kind === 'ADMIN') return gate !== 'ANY_ORGANIZATION' && gate.includes('ADMIN');
  return gate === 'ANY_ORGANIZATION' || gate.includes(caller.org.kind);
}

function callers(world: World): Scene[] {
  const scenes: Scene[] = [];
  for (const own of TENANT_TAGS) {
    const foreign: TenantTag = own === 'a' ? 'b' : 'a';
    for (const kind of ORGANIZATION_KINDS) {
      const org = world.organizations.find((o) => o.kind === kind && o.tag === own);
      if (org) scenes.push({ world, caller: { kind: 'ORGANIZATION', org }, own, foreign });
    }
    scenes.push({ world, caller: { kind: 'ADMIN' }, own: foreign, foreign }, { world, caller: { kind: 'ANONYMOUS' }, own: foreign, foreign });
  }
  return scenes;
}

/** What each tenant sees of its own data, read with its own key. */
async function tenantViews(world: World): Promise<unknown[]> {
  const read = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await graphql(world.url, query, { key, variables });
    return { data: response.data, codes: response.errors?.map((e) => e.extensions?.code) ?? [] };
  };
  const views: unknown[] = [];
  for (const tag of TENANT_TAGS) {
    const producer = world.producers[tag];
    const platform = world.platforms[tag];
    const collector = world.collectors[tag];
    views.push(
      await read(producer.org.key, `query($box: ID!, $crate: ID!, $s0: String!, $s1: String!) {
        box: packagingType(id: $box) { id sku name revision } crate: packagingType(id: $crate) { id sku name revision }
        u0: reusableUnit(serial: $s0) { status cycles } u1: reusableUnit(serial: $s1) { status cycles } }`,
      { box: producer.boxId, crate: producer.crateId, s0: producer.serials[0], s1: producer.serials[1] }),
      await read(platform.org.key, `query($ref: String!) {
        consumerContact(consumerRef: $ref) { email consentedAt }
        creditAccount(consumerRef: $ref) { available pending lifetimeEarned entries(first: 100) { totalCount nodes { id kind amount } } }
        depositRefunds(first: 10) { totalCount nodes { serial orderRef consumerRef } } }`, { ref: platform.consumerRef }),
      await read(collector.org.key, '{ flaggedReturns(unreviewedOnly: true, first: 10) { totalCount nodes { id flagged review { decision } } } }'),
    );
    for (const org of world.organizations.filter((o) => o.tag === tag && o.id !== world.spare.id)) views.push(await read(org.key, '{ viewer { id name kind } }'));
  }
  return views;
}

describe('tenant isolation: every query and mutation, every kind of caller, another tenant’s ids', function () {
  this.timeout(240_000);
  let service: RunningService;
  let world: World;
  let schema: GraphQLSchema;
  let before_: unknown[] = [];

  before(async function () {
    this.timeout(180_000);
    service = await startService('e2e_isolation', {
      NODE_ENV: 'production',
      CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '0',
    }, { clock: pinnedClock(WORLD_STARTS_AT).now });
    world = await seedWorld(service.url);
    schema = await introspectSchema(service.url);
    before_ = await tenantViews(world);
  });
  after(() => service.dispose());

  it('has a case for every Query and Mutation field of the running schema, and none for fields it lacks', () => {
    const names = rootFields(schema).map((f) => f.name);
    expect(names.filter((n) => !(n in CASES)), 'root fields without an isolation case: add them to CASES').to.deep.equal([]);
    expect(Object.keys(CASES).filter((n) => !names.includes(n)), 'cases for fields the schema no longer has').to.deep.equal([]);
  });

  it('finds each tenant’s data in what the tenant reads itself: the search for leaks can see them', () => {
    const seen = JSON.stringify(before_);
    const expected = TENANT_TAGS.flatMap((tag) => {
      const { producers: { [tag]: producer }, platforms: { [tag]: platform }, collectors: { [tag]: collector } } = world;
      return [producer.boxId, producer.boxSku, producer.crateName, platform.consumerEmail, platform.crateOrderRef, ...platform.creditEntryIds, collector.flaggedReturnId];
    });
    expect(expected.filter((value) => !seen.includes(value))).to.deep.equal([]);
    expect(world.markers.length).to.be.greaterThan(50);
  });

  it('refuses or hides another tenant’s data from every caller, and never shows a regulator a consumer', async () => {
    const problems: string[] = [];
    let calls = 0;
    const fields = rootFields(schema).filter((f) => f.name in CASES);
    // Queries first: the mutations below write (only ever to the caller's own data).
    const ordered: RootField[] = [...fields.filter((f) => f.operation === 'query'), ...fields.filter((f) => f.operation === 'mutation')];
    for (const field of ordered) {
      const fieldCase = CASES[field.name];
      if (!fieldCase) continue;
      const document = documentFor(field, { ...SELECTION, depth: fieldCase.depth ?? SELECTION.depth });
      for (const scene of callers(world)) {
        for (const attempt of fieldCase.attempts(scene)) {
          const where = `${field.name} [${attempt.label}] as ${callerName(scene.caller)}`;
          const requestText = JSON.stringify({ query: document, variables: attempt.variables });
          const response = await postRaw(world.url, requestText, callerKey(scene.caller) ?? null);
          calls += 1;
          for (const p of responseProblems(response, requestText)) problems.push(`${where}: ${p}`);
          for (const leak of leaks(world, scene.caller, requestText, response.text)) problems.push(`${where}: shows another tenant’s ${leak.what}`);
          if (scene.caller.kind === 'ORGANIZATION' && scene.caller.org.kind === 'REGULATOR') {
            for (const m of world.markers.filter((m) => m.personal && response.text.includes(m.value))) problems.push(`${where}: shows a regulator a ${m.what}`);
          }
          const body = (response.json ?? {}) as GraphQLBody;
          const value = body.data?.[field.name] ?? null;
          const ownErrors = (body.errors ?? []).filter((e) => e.path?.[0] === field.name && e.path.length === 1).map((e) => e.extensions?.code);
          if (scene.caller.kind === 'ANONYMOUS') {
            // Refused whole before anything runs: a request error, no data (graphql/http-status.ts).
            const codes = (body.errors ?? []).map((e) => e.extensions?.code);
            if (codes.join() !== 'UNAUTHENTICATED' || 'data' in body) problems.push(`${where}: expected a request error UNAUTHENTICATED, got ${response.text.slice(0, 300)}`);
            continue;
          }
          if (!passesGate(fieldCase.gate, scene.caller)) {
            if (!ownErrors.includes('FORBIDDEN') || value !== null) problems.push(`${where}: expected FORBIDDEN, got ${response.text.slice(0, 300)}`);
            continue;
          }
          // Past the gate: the field answers, or refuses as the attempt says; nested fields may still refuse
          // (another organization's API keys); nothing else may fail.
          for (const e of body.errors ?? []) {
            const nested = (e.path?.length ?? 0) > 1;
            const expected = nested ? e.extensions?.code === 'FORBIDDEN' : attempt.refusal !== undefined && e.extensions?.code === attempt.refusal;
            if (!expected) problems.push(`${where}: unexpected error ${JSON.stringify(e).slice(0, 300)}`);
          }
          if (attempt.refusal !== undefined && !ownErrors.includes(attempt.refusal)) problems.push(`${where}: expected ${attempt.refusal}, got ${response.text.slice(0, 300)}`);
          const problem = attempt.check?.(value, body);
          if (problem) problems.push(`${where}: ${problem}`);
        }
      }
    }
    process.stderr.write(`      isolation matrix: ${String(fields.length)} root fields, ${String(callers(world).length)} callers, ${String(calls)} calls\n`);
    expect(problems).to.deep.equal([]);
  });

  it('keeps the HTTP endpoints beside GraphQL to their owners: the producer data exports, metrics, the queue board', async () => {
    const problems: string[] = [];
    const base = new URL(world.url).origin;
    for (const scene of callers(world)) {
      const key = callerKey(scene.caller);
      const get = async (path: string) => {
        const response = await fetch(`${base}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
        return { status: response.status, text: await response.text() };
      };
      const who = callerName(scene.caller);
      const kind = scene.caller.kind === 'ORGANIZATION' ? scene.caller.org.kind : scene.caller.kind;
      const foreignProducer = world.producers[scene.foreign].org.id;
      const exported = await get(`/exports/producer-data/${world.period}.csv?producerId=${foreignProducer}`);
      // Producers export their own data, regulators anyone's; nobody else exports at all.
      const expected = kind === 'ANONYMOUS' ? 401 : kind === 'REGULATOR' ? 200 : 403;
      if (exported.status !== expected) problems.push(`export of another producer as ${who}: expected ${String(expected)}, got ${String(exported.status)} ${exported.text.slice(0, 200)}`);
      const own = kind === 'PRODUCER' ? await get(`/exports/producer-data/${world.period}.csv`) : null;
      if (own && own.status !== 200) problems.push(`own export as ${who}: got ${String(own.status)}`);
      // The UK packaging data file, authorized the same way: the half-year holding the world's month.
      const ukHalf = `${world.period.slice(0, 4)}-H${Number(world.period.slice(5, 7)) <= 6 ? '1' : '2'}`;
      const ukExported = await get(`/exports/uk-packaging-data/${ukHalf}.csv?producerId=${foreignProducer}`);
      if (ukExported.status !== expected) problems.push(`UK file of another producer as ${who}: expected ${String(expected)}, got ${String(ukExported.status)} ${ukExported.text.slice(0, 200)}`);
      const ukOwn = kind === 'PRODUCER' ? await get(`/exports/uk-packaging-data/${ukHalf}.csv`) : null;
      if (ukOwn && ukOwn.status !== 200) problems.push(`own UK file as ${who}: got ${String(ukOwn.status)} ${ukOwn.text.slice(0, 200)}`);
      const metrics = await get('/metrics');
      if (metrics.status === 200 && kind !== 'ADMIN') problems.push(`/metrics answered ${who}`);
      const board = await get('/admin/queues/api/queues');
      if (board.status < 400 && kind !== 'ADMIN') problems.push(`the queue board answered ${who} with ${String(board.status)}`);
      for (const [what, response] of [['export', exported], ['own export', own], ['UK file', ukExported], ['own UK file', ukOwn], ['metrics', metrics], ['queue board', board]] as const) {
        if (!response) continue;
        for (const leak of leaks(world, scene.caller, '', response.text)) problems.push(`${what} as ${who}: shows another tenant’s ${leak.what}`);
        if (kind === 'REGULATOR' || what === 'metrics') {
          for (const m of world.markers.filter((m) => m.personal && response.text.includes(m.value))) problems.push(`${what} as ${who}: shows a ${m.what}`);
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('leaves every tenant’s own data as it was', async () => {
    expect(await tenantViews(world)).to.deep.equal(before_);
  });
});
