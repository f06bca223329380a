import { randomUUID } from 'node:crypto';
import type { Models } from '../db/models/index.js';
import type { PackagingTypeDoc } from '../db/models/packaging-type.js';
import { isDuplicateKeyError } from '../db/connection.js';
import { buildCatalogueIndex, type CatalogueEntry, type CatalogueIndex } from '../domain/catalogue-index.js';
import { DEFAULT_EARNING_RULES, type EarningRules } from '../domain/earning-rules.js';
import { DEFAULT_PRICING_RULES, type PricingRules } from '../domain/pricing-rules.js';
import type { Standard } from '../domain/standard.js';
import { readActiveStandard } from './active-standard.js';

/**
 * The reference data a quote is computed from, as one immutable snapshot per version: the active standard, the
 * offerable catalogue as an index, and each platform's newest pricing and earning rules. A snapshot is a cache of
 * versioned data and holds no state of its own.
 */
export interface ReferenceSnapshot {
  /** The version it was built under (`reference_versions`). */
  readonly token: string;
  readonly standard: Standard;
  readonly catalogue: CatalogueIndex;
  /** A packaging type's current view, by id (every class, the non-compliant too). */
  packagingType(id: string): PackagingTypeDoc | undefined;
  pricingRules(platformId: string): PricingRules;
  earningRules(platformId: string): EarningRules;
}

export interface ReferenceData {
  /**
   * The snapshot of the current version: one read by `_id` tells the version; a snapshot is rebuilt (once, shared by
   * every caller waiting for it) only when the version moved. Any process sees any other's change at once.
   */
  current(): Promise<ReferenceSnapshot>;
  /** Announces a change already written (a packaging type, a standard activation, a platform's rules). */
  changed(): Promise<void>;
}

const VERSION_ID = 'reference';
/** The version before any change was announced. */
const INITIAL_TOKEN = 'initial';
/**
 * A writer that dies between its write and its announcement leaves a change no token names (and a retry of the same
 * request may find nothing left to write). A snapshot older than this is therefore rebuilt in the background, under
 * the same token, while it goes on serving: such a change shows within this long.
 */
const MAX_AGE_MS = 60_000;

function newestPerPlatform<R>(rows: readonly { platformId: { toHexString(): string }; version: number; rules: R }[]): Map<string, R> {
  const newest = new Map<string, { version: number; rules: R }>();
  for (const row of rows) {
    const key = row.platformId.toHexString();
    if ((newest.get(key)?.version ?? -1) < row.version) newest.set(key, { version: row.version, rules: row.rules });
  }
  return new Map([...newest].map(([key, { rules }]) => [key, rules]));
}

export function createReferenceData(models: Models, now: () => Date): ReferenceData {
  const { ReferenceVersion, PackagingType, PricingRulesVersion, EarningRulesVersion } = models;
  let snapshot: ReferenceSnapshot | null = null;
  let builtAt = 0;
  let building: { token: string; promise: Promise<ReferenceSnapshot> } | null = null;

  // The version is read before the data, and writers announce after writing: a snapshot that caught half a change
  // carries the token from before it, so the change's own token makes the next read rebuild.
  async function build(token: string): Promise<ReferenceSnapshot> {
    const [standard, types, pricing, earning] = await Promise.all([
      readActiveStandard(models),
      PackagingType.find({}).lean(),
      PricingRulesVersion.find({}, { platformId: 1, version: 1, rules: 1 }).lean(),
      EarningRulesVersion.find({}, { platformId: 1, version: 1, rules: 1 }).lean(),
    ]);
    const entries: CatalogueEntry[] = types.map((t) => ({
      packagingTypeId: t._id.toHexString(),
      revision: t.revision,
      packagingClass: t.classification.packagingClass,
      format: t.format,
      innerDimensions: t.innerDimensions,
    }));
    const typesById = new Map(types.map((t) => [t._id.toHexString(), t]));
    const pricingByPlatform = newestPerPlatform(pricing);
    const earningByPlatform = newestPerPlatform(earning);
    return {
      token,
      standard,
      catalogue: buildCatalogueIndex(entries),
      packagingType: (id) => typesById.get(id),
      pricingRules: (platformId) => pricingByPlatform.get(platformId) ?? DEFAULT_PRICING_RULES,
      earningRules: (platformId) => earningByPlatform.get(platformId) ?? DEFAULT_EARNING_RULES,
    };
  }

  function rebuild(token: string): Promise<ReferenceSnapshot> {
    if (building?.token === token) return building.promise;
    const started = performance.now();
    const promise = build(token).then((built) => {
      snapshot = built;
      builtAt = started;
      return built;
    });
    building = { token, promise };
    const settle = () => { if (building?.promise === promise) building = null; };
    promise.then(settle, settle);
    return promise;
  }

  return {
    async current() {
      const version = await ReferenceVersion.findById(VERSION_ID, { token: 1 }).lean();
      const token = version?.token ?? INITIAL_TOKEN;
      if (snapshot?.token !== token) return rebuild(token);
      if (performance.now() - builtAt > MAX_AGE_MS) void rebuild(token);
      return snapshot;
    },

    async changed() {
      const doc = { _id: VERSION_ID, token: randomUUID(), changedAt: now() };
      try {
        await ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc, { upsert: true });
      } catch (error) {
        // Two first announcements raced to create the document; it exists now, so replace it.
        if (!isDuplicateKeyError(error)) throw error;
        await ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc);
      }
    },
  };
}
