import { randomUUID } from 'node:crypto';
import type { ChangeFeed } from '../change-feed.js';
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
   * The snapshot of the newest version this process knows of, from memory. It waits only when there is no snapshot
   * yet, or when this process's own change came after the snapshot was built (read-your-writes); a change made
   * elsewhere is heard of (pub/sub, else the version poll) and rebuilt in the background while the old snapshot serves.
   */
  current(): Promise<ReferenceSnapshot>;
  /** Announces a change already written (a packaging type, a standard activation, a platform's rules). */
  changed(): Promise<void>;
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

export interface ReferenceDataOptions {
  readonly changes: ChangeFeed;
  readonly now: () => Date;
  /** How often the version is read when no notice came; default `VERSION_POLL_MS`. */
  readonly pollMs?: number;
  /** Told of a background rebuild or version read that failed (the current snapshot goes on serving). */
  readonly onError: (err: unknown) => void;
}

export function createReferenceData(models: Models, { changes, now, pollMs = VERSION_POLL_MS, onError }: ReferenceDataOptions): ReferenceData {
  const { ReferenceVersion, PackagingType, PricingRulesVersion, EarningRulesVersion } = models;
  /** The newest version this process has heard of; null until first read. */
  let latestToken: string | null = null;
  /** Counts this process's own announced changes: a snapshot serves only if its build began after the last one. */
  let ownChanges = 0;
  let snapshot: { readonly data: ReferenceSnapshot; readonly ownChanges: number; readonly startedAt: number } | null = null;
  let building: { readonly token: string; readonly ownChanges: number; readonly promise: Promise<ReferenceSnapshot> } | null = null;
  let reading: Promise<string> | null = null;
  let poll: NodeJS.Timeout | null = null;

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

  /** Builds the snapshot of `token` (one build shared by every caller), and keeps it unless a later-begun build landed first. */
  function rebuild(token: string): Promise<ReferenceSnapshot> {
    if (building?.token === token && building.ownChanges === ownChanges) return building.promise;
    const began = { ownChanges, startedAt: performance.now() };
    const promise = build(token).then((data) => {
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
    unsubscribe = changes.subscribe('reference', refresh);
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

    async changed() {
      const doc = { _id: VERSION_ID, token: randomUUID(), changedAt: now() };
      try {
        await ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc, { upsert: true });
      } catch (error) {
        // Two first announcements raced to create the document; it exists now, so replace it.
        if (!isDuplicateKeyError(error)) throw error;
        await ReferenceVersion.replaceOne({ _id: VERSION_ID }, doc);
      }
      ownChanges += 1;
      latestToken = doc.token;
      await changes.publish('reference', doc.token);
    },

    close() {
      if (poll) clearInterval(poll);
      poll = null;
      unsubscribe();
    },
  };
}
