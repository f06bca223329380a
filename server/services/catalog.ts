import { Types } from 'mongoose';
import type { Page, PageRequest } from './page.js';
import type { JobPayloads } from '../queues/job-types.js';
import type { QueueSet } from '../queues/queue-set.js';
import { DUPLICATE, insertOnce } from '../db/claim.js';
import type { Models } from '../db/models/index.js';
import type { PackagingTypeDoc, PackagingTypeRevisionDoc } from '../db/models/packaging-type.js';
import { factReceiptIdOf, skuKeyOf } from '../db/keys.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { classifyPackaging } from '../domain/classification.js';
import { parsePackagingSpec, sortedSides, volumeMm3, type PackagingClass, type PackagingFormat, type PackagingSpec, type PackagingTypeInput } from '../domain/packaging.js';
import type { Classification } from '../domain/classification.js';
import { REFERENCE_STANDARD, validateStandard, type Standard } from '../domain/standard.js';
import { readActiveStandard } from './active-standard.js';
import type { ReferenceData } from './reference-data.js';
import { ownedPackagingType } from './tenant-finders.js';
import { fail, succeed, validationError, type Outcome } from '../domain/user-error.js';

/** Whose packaging a caller may read: a producer only its own; everyone else (platforms, regulators) all. */
export interface CatalogScope {
  readonly producerId: Types.ObjectId | null;
}

export interface PackagingTypeFilter {
  /** As the caller gave it; an id that is not an ObjectId matches nothing. */
  readonly producerId: string | null;
  readonly packagingClass: PackagingClass | null;
}

/**
 * A packaging type as the API shows it: the spec of its latest revision (without the substance test, which only the
 * standard reads), classified under the active standard.
 */
export interface PackagingTypeView extends Omit<PackagingSpec, 'substanceTest'> {
  /** The packaging type's id, shared by all its revisions. */
  readonly _id: Types.ObjectId;
  readonly producerId: Types.ObjectId;
  readonly revision: number;
  readonly classification: Classification;
}

/** One stored revision of a packaging type, as an export reads it: which revision, and the format it had then. */
export interface PackagingTypeRevisionView {
  readonly packagingTypeId: Types.ObjectId;
  readonly revision: number;
  readonly spec: { readonly format: PackagingFormat };
}

export interface CatalogService {
  /** Stores the reference standard and activates it if no standard was ever activated. Safe to repeat. */
  ensureReferenceStandard(): Promise<void>;
  activeStandard(): Promise<Standard>;
  registerPackagingType(producerId: Types.ObjectId, input: PackagingTypeInput): Promise<Outcome<PackagingTypeView>>;
  packagingType(scope: CatalogScope, id: string): Promise<PackagingTypeView | null>;
  listPackagingTypes(scope: CatalogScope, filter: PackagingTypeFilter, page: PageRequest): Promise<Page<PackagingTypeView>>;
  /** Records a changed packaging type as its next revision (same SKU); the same data again changes nothing. */
  revisePackagingType(producerId: Types.ObjectId, packagingTypeId: string, input: PackagingTypeInput): Promise<Outcome<PackagingTypeView>>;
  /**
   * Stores a standard version and makes it the active one, then enqueues the re-classification of every packaging
   * type. Activating a version again re-runs it; the same version with other thresholds is refused.
   */
  activateStandard(standard: Standard): Promise<Outcome<Standard>>;
  /** Re-classifies every packaging type under `version` (the `reclassify` job); reports progress 0-100. */
  reclassifyAll(version: string, activationId: string, onProgress: (percent: number) => Promise<void>): Promise<{ total: number; changed: number; skipped: boolean }>;
  /** Enqueues the re-classification of the latest activation again if it never finished (a crash, a lost job). */
  sweepReclassification(olderThanMs: number): Promise<boolean>;
  /** For references a caller already holds (a quote's options): no scope check, the reference is the permission. */
  packagingTypesByIds(ids: readonly Types.ObjectId[]): Promise<PackagingTypeView[]>;
  /**
   * The stored revisions named, for facts that record the revision they used (a placement's type and revision):
   * what the packaging was then, not what its type says now. Names no revision exists for are left out.
   */
  packagingTypeRevisions(refs: readonly { readonly packagingTypeId: Types.ObjectId; readonly revision: number }[]): Promise<PackagingTypeRevisionView[]>;
}

function sidesOf(dimensions: PackagingSpec['innerDimensions']) {
  const [min, mid, max] = sortedSides(dimensions);
  return { min, mid, max };
}

const RECLASSIFY_BATCH = 200;

export function createCatalogService(
  models: Pick<Models, 'FactReceipt' | 'PackagingClassification' | 'PackagingSku' | 'PackagingType' | 'PackagingTypeRevision' | 'Standard' | 'StandardActivation'>,
  queues: QueueSet<JobPayloads>,
  onEnqueueError: (error: unknown) => void,
  now: () => Date = () => new Date(),
  /** The reference snapshot (reference-data.ts): told of every change to the catalogue, and read by id. */
  reference: ReferenceData,
): CatalogService {
  const announceChange = (packagingTypeIds: readonly Types.ObjectId[] = []) => reference.changed(packagingTypeIds.map((id) => id.toHexString()));
  const { Standard, StandardActivation, PackagingSku, PackagingTypeRevision, PackagingType, PackagingClassification, FactReceipt } = models;

  /**
   * Records a classification in the history (once per revision and version) and replaces the current view of the
   * revision; announces the change unless the caller announces a whole batch itself.
   */
  async function publish(view: PackagingTypeDoc, announce = true): Promise<void> {
    await insertOnce(PackagingClassification.create({
      packagingTypeId: view._id,
      revision: view.revision,
      standardVersion: view.classification.standardVersion,
      classification: view.classification,
      createdAt: now(),
    }));
    // Two first publishes may race to create the view; then it exists, so replace it.
    if ((await insertOnce(PackagingType.replaceOne({ _id: view._id }, view, { upsert: true }))) === DUPLICATE) {
      await PackagingType.replaceOne({ _id: view._id }, view);
    }
    if (announce) await announceChange([view._id]);
  }

  const activeStandard = (): Promise<Standard> => readActiveStandard(models);

  /** The current view of a revision, classified by the active standard. */
  function viewOf(revision: PackagingTypeRevisionDoc, createdAt: Date): PackagingTypeDoc {
    const { spec } = revision;
    return {
      _id: revision.packagingTypeId,
      producerId: revision.producerId,
      revision: revision.revision,
      ...spec,
      certifications: [...spec.certifications],
      innerVolumeMm3: volumeMm3(spec.innerDimensions),
      innerSidesMm: sidesOf(spec.innerDimensions),
      classification: revision.classification,
      createdAt,
    };
  }

  /**
   * Inserts a revision (a duplicate of revision 1 is a retried registration and fine; of a later one, a race that
   * the caller retries) and publishes the view of the latest revision.
   */
  async function writeRevision(id: Types.ObjectId, producerId: Types.ObjectId, revision: number, spec: PackagingSpec, createdAt: Date): Promise<PackagingTypeDoc | 'taken'> {
    const standard = await activeStandard();
    const doc: PackagingTypeRevisionDoc = { _id: new Types.ObjectId(), packagingTypeId: id, producerId, revision, spec, classification: classifyPackaging(spec, standard), createdAt: now() };
    let written = doc;
    if ((await insertOnce(PackagingTypeRevision.create(doc))) === DUPLICATE) {
      if (revision > 1) return 'taken';
      // Revision 1 of a retried registration: publish what is stored, never this request's copy.
      const stored = await PackagingTypeRevision.findOne({ packagingTypeId: id, revision: 1 }).lean();
      if (!stored) throw new Error(`packaging type ${id.toHexString()}: revision 1 collided with nothing`);
      written = stored;
    }
    await publish(viewOf(written, createdAt));
    return settle(id, createdAt, written);
  }

  /**
   * Makes the view show the newest revision, classified by the standard active now. Publishing races with other
   * revisions and with a standard activation's job, and a view is replaced whole (last writer wins), so a writer that
   * lost a race can land an older view after the others looked. Each writer therefore looks again after its own
   * write: the last write to land is always followed by a look that sees it, and corrects it if it is stale.
   */
  async function settle(id: Types.ObjectId, createdAt: Date, fallback: PackagingTypeRevisionDoc, announce = true): Promise<PackagingTypeDoc> {
    for (;;) {
      const [latest, active, stored] = await Promise.all([
        PackagingTypeRevision.findOne({ packagingTypeId: id }).sort({ revision: -1 }).lean(),
        activeStandard(),
        PackagingType.findById(id).lean(),
      ]);
      const newest = latest ?? fallback;
      if (stored?.revision === newest.revision && stored.classification.standardVersion === active.version) return stored;
      await publish(viewOf({ ...newest, classification: classifyPackaging(newest.spec, active) }, createdAt), announce);
    }
  }

  async function writeFirstRevision(id: Types.ObjectId, producerId: Types.ObjectId, spec: PackagingSpec): Promise<PackagingTypeDoc> {
    const view = await writeRevision(id, producerId, 1, spec, now());
    if (view === 'taken') throw new Error('revision 1 cannot be taken');
    return view;
  }

  return {
    async ensureReferenceStandard() {
      await insertOnce(Standard.create({ _id: REFERENCE_STANDARD.version, rules: REFERENCE_STANDARD, createdAt: now() }));
      if (!(await StandardActivation.exists({}))) {
        // Two processes booting together may both insert this; both name the same version, so either is right.
        await StandardActivation.create({ version: REFERENCE_STANDARD.version, activatedAt: now() });
        await announceChange();
      }
    },

    activeStandard,

    async registerPackagingType(producerId, input) {
      const parsed = parsePackagingSpec(input);
      if (!parsed.spec) return fail(...parsed.errors);
      const spec = parsed.spec;
      const id = new Types.ObjectId();
      if ((await insertOnce(PackagingSku.create({ _id: skuKeyOf(producerId, spec.sku), packagingTypeId: id, spec, createdAt: now() }))) !== DUPLICATE) {
        return succeed(await writeFirstRevision(id, producerId, spec));
      }
      // The SKU is taken, and its claim holds the data that won. The same data again (a retry, or a race with the
      // same request) completes and returns that registration; other data is refused.
      const claim = await PackagingSku.findById(skuKeyOf(producerId, spec.sku)).lean();
      if (!claim) throw new Error('SKU claim vanished');
      if (JSON.stringify(claim.spec) !== JSON.stringify(spec)) {
        return fail(validationError(['input', 'sku'], `SKU ${spec.sku} is already registered by this producer with other data`));
      }
      const current = await PackagingType.findById(claim.packagingTypeId).lean();
      return succeed(current ?? (await writeFirstRevision(claim.packagingTypeId, producerId, claim.spec)));
    },

    async packagingType(scope, id) {
      if (scope.producerId) return ownedPackagingType(models, scope.producerId, id);
      return Types.ObjectId.isValid(id) ? PackagingType.findById(new Types.ObjectId(id)).lean() : null;
    },

    async revisePackagingType(producerId, packagingTypeId, input) {
      const parsed = parsePackagingSpec(input);
      // The spec arrives nested: input.packagingType.<field>.
      if (!parsed.spec) return fail(...parsed.errors.map((e) => ({ ...e, field: ['input', 'packagingType', ...(e.field ?? []).slice(1)] })));
      const spec = parsed.spec;
      for (;;) {
        const current = await ownedPackagingType(models, producerId, packagingTypeId);
        if (!current) return fail({ code: 'NOT_FOUND', field: ['input', 'packagingTypeId'], message: 'no such packaging type of yours' });
        if (current.sku.toUpperCase() !== spec.sku.toUpperCase()) {
          return fail(validationError(['input', 'packagingType', 'sku'], 'a revision keeps its SKU; register a new packaging type for a new SKU'));
        }
        const latest = await PackagingTypeRevision.findOne({ packagingTypeId: current._id }).sort({ revision: -1 }).lean();
        // A revision stored before types declared a maximum load has none: the same as no limit.
        if (latest && JSON.stringify({ ...latest.spec, maxLoadGrams: latest.spec.maxLoadGrams ?? null }) === JSON.stringify(spec)) return succeed(current);
        const view = await writeRevision(current._id, producerId, (latest?.revision ?? current.revision) + 1, spec, current.createdAt);
        if (view !== 'taken') return succeed(view);
      }
    },

    async activateStandard(standard) {
      const problems = validateStandard(standard);
      if (problems.length > 0) return fail(...problems.map((p) => validationError(['input'], p)));
      if (standard.effectiveFrom > now().toISOString().slice(0, 10)) {
        return fail(validationError(['input', 'effectiveFrom'], `standard ${standard.version} applies from ${standard.effectiveFrom}; activate it then`));
      }
      if ((await insertOnce(Standard.create({ _id: standard.version, rules: standard, createdAt: now() }))) === DUPLICATE) {
        const stored = await Standard.findById(standard.version).lean();
        if (canonicalJson(stored?.rules) !== canonicalJson(standard)) {
          return fail(validationError(['input', 'version'], `standard ${standard.version} exists with other thresholds; give the change a new version`));
        }
      }
      const activation = await StandardActivation.create({ version: standard.version, activatedAt: now() });
      await announceChange();
      const activationId = activation._id.toHexString();
      // The activation is recorded: a failed enqueue is the sweep's to repair, not the caller's error.
      await queues.enqueue('reclassify', { version: standard.version, activationId }, { jobId: `reclassify:${activationId}` }).catch(onEnqueueError);
      return succeed(standard);
    },

    async reclassifyAll(version, activationId, onProgress) {
      let total = 0;
      let changed = 0;
      const superseded = async () => (await activeStandard()).version !== version;
      // A newer activation has its own job; this one stops (and counts as finished).
      if (!(await superseded())) {
        total = await PackagingType.countDocuments();
        let done = 0;
        let after: Types.ObjectId | null = null;
        for (;;) {
          if (await superseded()) break;
          const batch: Pick<PackagingTypeDoc, '_id' | 'createdAt' | 'classification'>[] = await PackagingType.find(after ? { _id: { $gt: after } } : {}, { _id: 1, createdAt: 1, classification: 1 }).sort({ _id: 1 }).limit(RECLASSIFY_BATCH).lean();
          const last = batch.at(-1);
          if (!last) break;
          const settledIds: Types.ObjectId[] = [];
          for (const view of batch) {
            if (view.classification.standardVersion === version) continue;
            // The newest revision under the standard active now, checked again after writing (see settle).
            const latest = await PackagingTypeRevision.findOne({ packagingTypeId: view._id }).sort({ revision: -1 }).lean();
            if (!latest) continue;
            const settled = await settle(view._id, view.createdAt, latest, false);
            settledIds.push(view._id);
            if (settled.classification.packagingClass !== view.classification.packagingClass) changed += 1;
          }
          // One announcement per batch that re-classified anything: quoting processes patch once for it, not once per type.
          if (settledIds.length > 0) await announceChange(settledIds);
          done += batch.length;
          await onProgress(total === 0 ? 100 : Math.min(100, Math.round((done / total) * 100)));
          after = last._id;
        }
      }
      await onProgress(100);
      await insertOnce(FactReceipt.create({ _id: factReceiptIdOf('reclassify', activationId), receivedAt: now() }));
      return { total, changed, skipped: total === 0 && (await superseded()) };
    },

    async sweepReclassification(olderThanMs) {
      const activation = await StandardActivation.findOne().sort({ activatedAt: -1, _id: -1 }).lean();
      if (!activation || activation.activatedAt.getTime() > now().getTime() - olderThanMs) return false;
      const activationId = activation._id.toHexString();
      if (await FactReceipt.exists({ _id: `reclassify:${activationId}` })) return false;
      await queues.enqueueOrRevive('reclassify', { version: activation.version, activationId }, `reclassify:${activationId}`);
      return true;
    },

    async packagingTypesByIds(ids) {
      // From the reference snapshot (current as of this call): no store read per type, and no `$in`, which FerretDB
      // 1.24 answers by scanning the whole catalogue.
      const snapshot = await reference.current();
      return ids.flatMap((id) => snapshot.packagingType(id.toHexString()) ?? []);
    },

    async packagingTypeRevisions(refs) {
      // One point read each on the unique (packagingTypeId, revision) index; no `$in` or `$or` (see above).
      const found = await Promise.all(refs.map((r) => PackagingTypeRevision.findOne({ packagingTypeId: r.packagingTypeId, revision: r.revision }).lean<PackagingTypeRevisionDoc>()));
      return found.filter((r) => r !== null);
    },

    async listPackagingTypes(scope, filter, page) {
      const empty = { nodes: [], totalCount: 0, hasNextPage: false };
      if (filter.producerId !== null && !Types.ObjectId.isValid(filter.producerId)) return empty;
      const asked = filter.producerId === null ? null : new Types.ObjectId(filter.producerId);
      // A producer's scope wins over any producerId it asks for: it never lists another producer's packaging.
      if (scope.producerId && asked && !asked.equals(scope.producerId)) return empty;
      const producerId = scope.producerId ?? asked;
      const match = {
        ...(producerId ? { producerId } : {}),
        ...(filter.packagingClass ? { 'classification.packagingClass': filter.packagingClass } : {}),
      };
      const [rows, totalCount] = await Promise.all([
        PackagingType.find(page.afterId ? { ...match, _id: { $gt: page.afterId } } : match)
          .sort({ _id: 1 })
          .limit(page.first + 1)
          .lean(),
        PackagingType.countDocuments(match),
      ]);
      return { nodes: rows.slice(0, page.first), totalCount, hasNextPage: rows.length > page.first };
    },
  };
}
