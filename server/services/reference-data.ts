import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { ChangeFeed } from '../change-feed.js';
import type { Models } from '../db/models/index.js';
import type { PackagingTypeDoc } from '../db/models/packaging-type.js';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import { applicableAssortment, assortmentScope } from '../domain/assortment.js';
import type { CampaignDoc } from '../db/models/campaign.js';
import type { Campaign } from '../domain/campaigns.js';
import type { CarbonFactors } from '../domain/carbon.js';
import { buildCatalogueIndex, type CatalogueEntry, type CatalogueIndex } from '../domain/catalogue-index.js';
import { DEFAULT_EARNING_RULES, type EarningRules } from '../domain/earning-rules.js';
import { DEFAULT_PRICING_RULES, type PricingRules } from '../domain/pricing-rules.js';
import type { Standard } from '../domain/standard.js';
import { readActiveStandard } from './active-standard.js';
import { CARBON_KIND, readRuleSetInForce } from './rule-sets.js';

/**
 * The reference data a quote is computed from, as one immutable snapshot per version: the active standard, the
 * offerable catalogue as an index, the carbon factors in force, and each platform's newest pricing and earning rules,
 * assortments and campaigns. A snapshot is a cache of versioned data and holds no state of its own.
 */
export interface ReferenceSnapshot {
  /** The version it was built under (`reference_versions`). */
  readonly token: string;
  readonly standard: Standard;
  /** The carbon factors in force: each option's CO2e. */
  readonly carbon: CarbonFactors;
  readonly catalogue: CatalogueIndex;
  /** What a platform's quote offers from (its warehouse's assortment, else its own, else the whole catalogue). */
  catalogueFor(platformId: string, warehouseRef: string | null): CatalogueIndex;
  /** A packaging type's current view, by id (every class, the non-compliant too). */
  packagingType(id: string): PackagingTypeDoc | undefined;
  pricingRules(platformId: string): PricingRules;
  earningRules(platformId: string): EarningRules;
  /** The platform's campaigns, each at its newest version, running or not (domain/campaigns.ts). */
  campaigns(platformId: string): readonly Campaign[];
}

export interface ReferenceData {
  /**
   * The snapshot of the newest version this process knows of, from memory. It waits only when there is no snapshot
   * yet, or when this process's own change came after the snapshot was built (read-your-writes); a change made
   * elsewhere is heard of (pub/sub, else the version poll) and rebuilt in the background while the old snapshot serves.
   */
  current(): Promise<ReferenceSnapshot>;
  /**
   * Announces a change already written (a packaging type, a standard activation, a platform's rules). Naming the
   * packaging types it changed lets every process patch its snapshot at once (reads by `_id`) instead of waiting for
   * the whole catalogue to be read again; the full rebuild follows in the background all the same.
   */
  changed(packagingTypeIds?: readonly string[]): Promise<void>;
  /** Stops polling and listening. */
  close(): void;
}

const VERSION_ID = 'reference';
/** The version before any change was announced. */
const INITIAL_TOKEN = 'initial';
/**
 * How often the version document is read by `_id`, so a change is seen within a second when its notice was lost
 * (Redis away, a subscriber reconnecting). One read per process per interval, whatever the traffic.
 */
export const VERSION_POLL_MS = 500;
/**
 * A writer that dies between its write and its announcement leaves a change no token names (a retry of the same
 * request announces again, but the client may never retry). A snapshot older than this is therefore rebuilt in the
 * background, under the same token, while it goes on serving: such a change shows within this long. Not shorter: at
 * 30,000 packaging types a rebuild costs the embedded store about 10 s of work per process.
 */
const MAX_AGE_MS = 10 * 60_000;

function newestPerPlatform<R>(rows: readonly { platformId: { toHexString(): string }; version: number; rules: R }[]): Map<string, R> {
  const newest = new Map<string, { version: number; rules: R }>();
  for (const row of rows) {
    const key = row.platformId.toHexString();
    if ((newest.get(key)?.version ?? -1) < row.version) newest.set(key, { version: row.version, rules: row.rules });
  }
  return new Map([...newest].map(([key, { rules }]) => [key, rules]));
}

/** Each scope's newest assortment, as a set of packaging type ids. */
function newestPerScope(rows: readonly { platformId: { toHexString(): string }; warehouseRef: string; version: number; packagingTypeIds: readonly { toHexString(): string }[] }[]): Map<string, ReadonlySet<string>> {
  const newest = new Map<string, { version: number; ids: ReadonlySet<string> }>();
  for (const row of rows) {
    const scope = assortmentScope(row.platformId.toHexString(), row.warehouseRef === '' ? null : row.warehouseRef);
    if ((newest.get(scope)?.version ?? -1) < row.version) newest.set(scope, { version: row.version, ids: new Set(row.packagingTypeIds.map((id) => id.toHexString())) });
  }
  return new Map([...newest].map(([scope, { ids }]) => [scope, ids]));
}

/** Each platform's campaigns, each ref at its newest version, in ref order. */
function newestCampaigns(rows: readonly CampaignDoc[]): Map<string, readonly Campaign[]> {
  const newest = new Map<string, CampaignDoc>();
  for (const row of rows) {
    const key = `${row.platformId.toHexString()}:${row.ref}`;
    if ((newest.get(key)?.version ?? 0) < row.version) newest.set(key, row);
  }
  const byPlatform = new Map<string, Campaign[]>();
  for (const doc of [...newest.values()].sort((a, b) => a.ref.localeCompare(b.ref))) {
    const platformId = doc.platformId.toHexString();
    const list = byPlatform.get(platformId) ?? [];
    list.push(campaignOf(doc));
    byPlatform.set(platformId, list);
  }
  return byPlatform;
}

const campaignOf = (doc: CampaignDoc): Campaign => ({
  ref: doc.ref,
  version: doc.version,
  name: doc.name,
  kind: doc.kind,
  startsAtMs: doc.startsAt.getTime(),
  endsAtMs: doc.endsAt.getTime(),
  multiplierPct: doc.multiplierPct,
  bonusCredits: doc.bonusCredits,
  classes: doc.classes,
});

export interface ReferenceDataOptions {
  readonly changes: ChangeFeed;
  readonly now: () => Date;
  /** How often the version is read when no notice came; default `VERSION_POLL_MS`. */
  readonly pollMs?: number;
  /** Told of a background rebuild or version read that failed (the current snapshot goes on serving). */
  readonly onError: (err: unknown) => void;
}

/** A change notice: the new token and the packaging types it changed (none: rules or the standard). */
interface Notice {
  readonly token: string;
  readonly packagingTypeIds: readonly string[];
}

function noticeOf(subject: string): Notice | null {
  try {
    const value: unknown = JSON.parse(subject);
    if (typeof value !== 'object' || value === null) return null;
    const { token, packagingTypeIds } = value as Record<string, unknown>;
    if (typeof token !== 'string' || !Array.isArray(packagingTypeIds) || !packagingTypeIds.every((id) => typeof id === 'string')) return null;
    return { token, packagingTypeIds };
  } catch {
    return null;
  }
}

export function createReferenceData(models: Pick<Models, 'Assortment' | 'Campaign' | 'EarningRulesVersion' | 'PackagingType' | 'PricingRulesVersion' | 'ReferenceVersion' | 'RuleSet' | 'RuleSetActivation' | 'Standard' | 'StandardActivation'>, { changes, now, pollMs = VERSION_POLL_MS, onError }: ReferenceDataOptions): ReferenceData {
  const { ReferenceVersion, PackagingType, PricingRulesVersion, EarningRulesVersion, Assortment, Campaign } = models;
  /** The newest version this process has heard of; null until first read. */
  let latestToken: string | null = null;
  /** Counts this process's own announced changes: a snapshot serves only if its build began after the last one. */
  let ownChanges = 0;
  let snapshot: { readonly data: ReferenceSnapshot & { readonly parts: Parts }; readonly ownChanges: number; readonly startedAt: number } | null = null;
  let building: { readonly token: string; readonly ownChanges: number; readonly promise: Promise<ReferenceSnapshot> } | null = null;
  let reading: Promise<string> | null = null;
  let poll: NodeJS.Timeout | null = null;

  /** What a snapshot is made of, kept so a patch can replace a few packaging types without reading the rest. */
  interface Parts {
    readonly token: string;
    readonly standard: Standard;
    readonly carbon: CarbonFactors;
    readonly types: ReadonlyMap<string, PackagingTypeDoc>;
    readonly pricing: ReadonlyMap<string, PricingRules>;
    readonly earning: ReadonlyMap<string, EarningRules>;
    /** Each scope's newest assortment (domain/assortment.ts), as packaging type ids. */
    readonly assortments: ReadonlyMap<string, ReadonlySet<string>>;
    /** Each platform's campaigns at their newest versions. */
    readonly campaigns: ReadonlyMap<string, readonly Campaign[]>;
  }

  function assemble(parts: Parts): ReferenceSnapshot & { readonly parts: Parts } {
    const entries: CatalogueEntry[] = [...parts.types.values()].map((t) => ({
      packagingTypeId: t._id.toHexString(),
      revision: t.revision,
      packagingClass: t.classification.packagingClass,
      format: t.format,
      innerDimensions: t.innerDimensions,
      material: t.material,
      massGrams: t.massGrams,
      designedCycles: t.designedCycles,
      // Views stored before types declared a maximum load have none: no limit.
      maxLoadGrams: t.maxLoadGrams ?? null,
    }));
    const catalogue = buildCatalogueIndex(entries);
    // An assortment's own index, built the first time a quote needs it: a stocked-only search costs what the whole
    // catalogue's does.
    const stockedIndexes = new Map<ReadonlySet<string>, CatalogueIndex>();
    const catalogueFor = (platformId: string, warehouseRef: string | null): CatalogueIndex => {
      const stocked = applicableAssortment(parts.assortments, platformId, warehouseRef);
      if (!stocked) return catalogue;
      let index = stockedIndexes.get(stocked);
      if (!index) {
        index = buildCatalogueIndex(entries.filter((e) => stocked.has(e.packagingTypeId)));
        stockedIndexes.set(stocked, index);
      }
      return index;
    };
    return {
      parts,
      token: parts.token,
      standard: parts.standard,
      carbon: parts.carbon,
      catalogue,
      catalogueFor,
      packagingType: (id) => parts.types.get(id),
      pricingRules: (platformId) => parts.pricing.get(platformId) ?? DEFAULT_PRICING_RULES,
      earningRules: (platformId) => parts.earning.get(platformId) ?? DEFAULT_EARNING_RULES,
      campaigns: (platformId) => parts.campaigns.get(platformId) ?? [],
    };
  }

  // The version is read before the data, and writers announce after writing: a snapshot that caught half a change
  // carries the token from before it, so the change's own token makes the next read rebuild.
  async function build(token: string): Promise<ReferenceSnapshot & { readonly parts: Parts }> {
    const [standard, carbon, types, pricing, earning, assortments, campaigns] = await Promise.all([
      readActiveStandard(models),
      readRuleSetInForce(models, CARBON_KIND),
      PackagingType.find({}).lean(),
      PricingRulesVersion.find({}, { platformId: 1, version: 1, rules: 1 }).lean(),
      EarningRulesVersion.find({}, { platformId: 1, version: 1, rules: 1 }).lean(),
      Assortment.find({}, { platformId: 1, warehouseRef: 1, version: 1, packagingTypeIds: 1 }).lean(),
      Campaign.find({}).lean(),
    ]);
    return assemble({
      token,
      standard,
      carbon: carbon.rules,
      types: new Map(types.map((t) => [t._id.toHexString(), t])),
      pricing: newestPerPlatform(pricing),
      earning: newestPerPlatform(earning),
      assortments: newestPerScope(assortments),
      campaigns: newestCampaigns(campaigns),
    });
  }

  /** `parts` with the named packaging types read again by `_id` (a type no longer stored leaves). */
  async function patched(parts: Parts, ids: readonly string[]): Promise<ReferenceSnapshot & { readonly parts: Parts }> {
    const read = await Promise.all(ids.map(async (id) => (Types.ObjectId.isValid(id) ? PackagingType.findById(id).lean() : null)));
    const types = new Map(parts.types);
    ids.forEach((id, i) => {
      const type = read[i];
      if (type) types.set(id, type);
      else types.delete(id);
    });
    return assemble({ ...parts, types });
  }

  /**
   * Puts the named types into the snapshot now, keeping its token, so the background rebuild the new token asks for
   * still follows. Remembered until every build that began before it has landed: such a build may have read the
   * types before the change, and gets the patch applied again. `own`: the number this process's own change got; the
   * patched snapshot then counts it as seen, provided it had seen every own change before it (a rules change, which
   * names no types, is only seen by a full build).
   */
  async function patch(ids: readonly string[], own: number | null): Promise<void> {
    if (ids.length === 0) return;
    patches.push({ at: performance.now(), ids });
    for (;;) {
      const held = snapshot;
      if (!held) return;
      const data = await patched(held.data.parts, ids);
      if (snapshot !== held) continue;
      const seen = own !== null && held.ownChanges >= own - 1 ? own : held.ownChanges;
      snapshot = { data, ownChanges: seen, startedAt: held.startedAt };
      return;
    }
  }
  const patches: { readonly at: number; readonly ids: readonly string[] }[] = [];

  /**
   * A snapshot of `token` whose build began after this call: the one being built when it is of the same token and
   * began after this process's last own change, else the next one. One build runs at a time (at 30,000 packaging
   * types a build decodes the whole catalogue, seconds of store work on the embedded store), and every caller that
   * asks while one runs shares the single build that follows it, made with the newest token known when it starts.
   */
  function rebuild(token: string): Promise<ReferenceSnapshot> {
    if (building && building.token === token && building.ownChanges === ownChanges) return building.promise;
    if (!building) return startBuild(token);
    queued ??= building.promise.catch(() => undefined).then(() => {
      queued = null;
      return startBuild(latestToken ?? token);
    });
    return queued;
  }
  let queued: Promise<ReferenceSnapshot> | null = null;

  function startBuild(token: string): Promise<ReferenceSnapshot> {
    const began = { ownChanges, startedAt: performance.now() };
    const promise = build(token).then(async (built) => {
      // Patches made while it read may be missing from what it read: apply them again.
      const since = patches.filter((p) => p.at >= began.startedAt).flatMap((p) => p.ids);
      while (patches.length > 0 && (patches[0]?.at ?? Infinity) < began.startedAt) patches.shift();
      const data = since.length === 0 ? built : await patched(built.parts, [...new Set(since)]);
      if (!snapshot || snapshot.startedAt <= began.startedAt) snapshot = { data, ...began };
      return data;
    });
    const current = { token, ownChanges: began.ownChanges, promise };
    building = current;
    const settle = () => { if (building === current) building = null; };
    promise.then(settle, settle);
    return promise;
  }

  /** Reads the version document (one read shared by concurrent callers); a read that began before an own change is not believed. */
  function readVersion(): Promise<string> {
    reading ??= (async () => {
      const before = ownChanges;
      try {
        const version = await ReferenceVersion.findById(VERSION_ID, { token: 1 }).lean();
        const token = version?.token ?? INITIAL_TOKEN;
        if (ownChanges === before) latestToken = token;
        return latestToken ?? token;
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  /** Looks at the version again; a new one is rebuilt in the background while the current snapshot serves. */
  function refresh(): void {
    readVersion().then((token) => {
      if (snapshot && snapshot.data.token !== token) void rebuild(token).catch(onError);
    }, onError);
  }

  function startListening(): void {
    if (poll) return;
    poll = setInterval(refresh, pollMs);
    poll.unref();
    unsubscribe = changes.subscribe('reference', (subject) => {
      refresh();
      const ids = noticeOf(subject)?.packagingTypeIds ?? [];
      if (ids.length > 0) patch(ids, null).catch(onError);
    });
  }
  let unsubscribe: () => void = () => undefined;

  return {
    async current() {
      startListening();
      const token = latestToken ?? (await readVersion());
      const held = snapshot;
      if (!held || held.ownChanges < ownChanges) return rebuild(token);
      if (held.data.token !== token) void rebuild(token).catch(onError);
      else if (performance.now() - held.startedAt > MAX_AGE_MS) void rebuild(token).catch(onError);
      return held.data;
    },

    async changed(packagingTypeIds = []) {
      const doc = { _id: VERSION_ID, token: randomUUID(), changedAt: now() };
      // Two first announcements may race to create the document; then it exists, so replace it.
      if ((await insertOnce(ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc, { upsert: true }))) === DUPLICATE) {
        await ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc);
      }
      ownChanges += 1;
      latestToken = doc.token;
      await patch(packagingTypeIds, ownChanges);
      await changes.publish('reference', JSON.stringify({ token: doc.token, packagingTypeIds } satisfies Notice));
    },

    close() {
      if (poll) clearInterval(poll);
      poll = null;
      unsubscribe();
    },
  };
}
