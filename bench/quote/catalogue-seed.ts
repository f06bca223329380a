// A catalogue that grows in steps (300, 3,000, 30,000 packaging types) on a running service, from the fixed seed of
// seed.ts: the same producers, in the same order, registering the same inputs, so its first 300 types are the
// catalogue bench/quote always had.
//
// Registering through the service runs at a few a second on the embedded store, slower as the catalogue grows (its
// revision look-ups scan the collection there), so the documents are inserted in bulk (packaging-documents.ts) and the
// change announced as any writer announces it. The first step registers its last producer's catalogue through
// `registerPackagingType` instead, and checks the bulk copy against it: the documents the service wrote must equal
// what the builder makes from the same inputs.
import type { Types } from 'mongoose';
import { createLocalChangeFeed } from '../../server/change-feed.js';
import type { Models } from '../../server/db/models/index.js';
import { PACKAGING_CLASSES, type PackagingClass, type PackagingTypeInput } from '../../server/domain/packaging.js';
import type { Standard } from '../../server/domain/standard.js';
import type { Services } from '../../server/services/index.js';
import { createReferenceData } from '../../server/services/reference-data.js';
import { registrationDocuments, type RegistrationDocuments } from './packaging-documents.js';
import { packagingInput } from './packaging-mix.js';
import { mulberry32 } from './prng.js';
import { SEED, TYPES_PER_PRODUCER, createOrganization } from './seed.js';

/** Types per bulk insert (four insertMany calls, one per collection), and inserts in flight at once. */
const BATCH = 500;
const PARALLEL = 2;
/** Concurrent calls to the service (organizations, registrations): only saves time, the inputs are fixed. */
const CONCURRENCY = 6;
/** How long the service may take to hear of a step and rebuild its snapshot with it (it polls the version twice a second). */
const SNAPSHOT_WAIT_MS = 60_000;

export interface Catalogue {
  readonly platformId: Types.ObjectId;
  readonly platformKey: string;
  readonly producers: number;
  readonly packagingTypes: number;
  readonly byClass: Readonly<Record<PackagingClass, number>>;
}

export interface SeedStep {
  readonly packagingTypes: number;
  readonly added: number;
  readonly inBulk: number;
  readonly viaService: number;
  readonly ms: number;
  /** Where the time went: creating the producers, the bulk inserts, the registrations, the service's snapshot rebuild. */
  readonly phasesMs: { readonly producers: number; readonly bulk: number; readonly service: number; readonly snapshot: number };
}

export interface CatalogueSeed {
  current(): Catalogue;
  /** Adds producers (TYPES_PER_PRODUCER types each) until the catalogue holds `packagingTypes`. */
  growTo(packagingTypes: number, signal: AbortSignal): Promise<SeedStep>;
}

interface ProducerCatalogue {
  readonly producerId: Types.ObjectId;
  readonly inputs: readonly PackagingTypeInput[];
}

async function inBatches<T>(items: readonly T[], size: number, parallel: number, signal: AbortSignal, run: (batch: readonly T[]) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async (): Promise<void> => {
    for (let start = next; start < items.length; start = next) {
      next += size;
      signal.throwIfAborted();
      await run(items.slice(start, start + size));
    }
  };
  await Promise.all(Array.from({ length: parallel }, loop));
}

/** JSON with object keys sorted and the named top-level keys left out: two documents' content, comparable. */
function contentOf(doc: object, without: readonly string[]): string {
  const kept = Object.fromEntries(Object.entries(doc).filter(([key]) => !without.includes(key)));
  return JSON.stringify(kept, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value);
}

/** Throws unless the documents the service stored for each type are the builder's for the same input. */
async function checkAgainstService(models: Models, registered: readonly { id: Types.ObjectId; built: RegistrationDocuments }[]): Promise<void> {
  const ids = registered.map((r) => r.id);
  // One read per collection: on the embedded store any filter but `_id` reads the whole collection.
  const [skus, revisions, classifications, views] = await Promise.all([
    models.PackagingSku.find({ _id: { $in: registered.map((r) => r.built.sku._id) } }).lean(),
    models.PackagingTypeRevision.find({ packagingTypeId: { $in: ids } }).lean(),
    models.PackagingClassification.find({ packagingTypeId: { $in: ids } }).lean(),
    models.PackagingType.find({ _id: { $in: ids } }).lean(),
  ]);
  const byType = <D extends { packagingTypeId: Types.ObjectId }>(docs: readonly D[]) => new Map(docs.map((d) => [d.packagingTypeId.toHexString(), d]));
  const [skuOf, revisionOf, classificationOf] = [byType(skus), byType(revisions), byType(classifications)];
  const viewOf = new Map(views.map((v) => [v._id.toHexString(), v]));
  for (const { id, built } of registered) {
    const key = id.toHexString();
    const pairs: [string, object | undefined, object, readonly string[]][] = [
      // The SKU claim's _id is its content (producer and SKU); the other ids and the times differ by nature.
      ['packaging_skus', skuOf.get(key), built.sku, ['packagingTypeId', 'createdAt']],
      ['packaging_type_revisions', revisionOf.get(key), built.revision, ['_id', 'packagingTypeId', 'createdAt']],
      ['packaging_classifications', classificationOf.get(key), built.classification, ['_id', 'packagingTypeId', 'createdAt']],
      ['packaging_types', viewOf.get(key), built.view, ['_id', 'createdAt']],
    ];
    for (const [collection, stored, copy, without] of pairs) {
      if (!stored || contentOf(stored, without) !== contentOf(copy, without)) {
        throw new Error(
          `the bulk seed no longer writes what registerPackagingType writes (${collection}, ${built.sku.spec.sku}):\n` +
            `  service ${stored ? contentOf(stored, without) : 'nothing'}\n  bulk    ${contentOf(copy, without)}`,
        );
      }
    }
  }
}

/** Inserts the documents collection by collection, in the order the service writes them (claim, revision, classification, view). */
async function insertRegistrations(models: Models, docs: readonly RegistrationDocuments[]): Promise<void> {
  await models.PackagingSku.insertMany(docs.map((d) => d.sku), { ordered: false });
  await models.PackagingTypeRevision.insertMany(docs.map((d) => d.revision), { ordered: false });
  await models.PackagingClassification.insertMany(docs.map((d) => d.classification), { ordered: false });
  await models.PackagingType.insertMany(docs.map((d) => d.view), { ordered: false });
}

/** Announces the written change as another process's writer would: a new reference version, which the service polls. */
async function announceChange(models: Models): Promise<void> {
  const reference = createReferenceData(models, {
    changes: createLocalChangeFeed(),
    now: () => new Date(),
    // This instance never reads (no polling, no rebuilds): nothing to report.
    onError: () => undefined,
  });
  try {
    await reference.changed();
  } finally {
    reference.close();
  }
}

/** Waits until the service's reference snapshot holds every one of `ids` (it reads types by id from the snapshot). */
async function waitForSnapshot(services: Services, ids: readonly Types.ObjectId[], signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + SNAPSHOT_WAIT_MS;
  for (;;) {
    const seen = (await services.catalog.packagingTypesByIds(ids)).length;
    if (seen === ids.length) return;
    if (Date.now() > deadline) throw new Error(`the service's reference snapshot holds ${String(seen)} of the ${String(ids.length)} new types after ${String(SNAPSHOT_WAIT_MS / 1000)} s`);
    signal.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One platform (its key loads the benchmark), and no packaging yet. */
export async function startCatalogue(services: Services, models: Models): Promise<CatalogueSeed> {
  const rng = mulberry32(SEED);
  const platform = await createOrganization(services, 'Bench Mall (platform)', 'PLATFORM');
  const byClass = Object.fromEntries(PACKAGING_CLASSES.map((c) => [c, 0])) as Record<PackagingClass, number>;
  let producers = 0;

  const current = (): Catalogue => ({
    platformId: platform.organization._id,
    platformKey: platform.apiKey,
    producers,
    packagingTypes: producers * TYPES_PER_PRODUCER,
    byClass: { ...byClass },
  });

  async function addProducers(count: number, signal: AbortSignal): Promise<ProducerCatalogue[]> {
    const first = producers;
    const ids: Types.ObjectId[] = [];
    await inBatches(Array.from({ length: count }, (_, i) => first + i), 1, CONCURRENCY, signal, async ([p = 0]) => {
      ids[p - first] = (await createOrganization(services, `Bench Packaging ${String(p + 1)} (producer)`, 'PRODUCER')).organization._id;
    });
    // The inputs come from the generator in producer order, whatever order the organizations were created in.
    return ids.map((producerId, i) => ({
      producerId,
      inputs: Array.from({ length: TYPES_PER_PRODUCER }, (_, t) => packagingInput(rng, first + i, t).input),
    }));
  }

  async function viaService(producer: ProducerCatalogue, standard: Standard, signal: AbortSignal): Promise<Types.ObjectId[]> {
    const registered: { id: Types.ObjectId; built: RegistrationDocuments }[] = [];
    await inBatches(producer.inputs, 1, CONCURRENCY, signal, async ([input]) => {
      if (!input) return;
      const outcome = await services.catalog.registerPackagingType(producer.producerId, input);
      if (!outcome.ok) throw new Error(`registering ${input.sku} failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
      byClass[outcome.value.classification.packagingClass] += 1;
      registered.push({ id: outcome.value._id, built: registrationDocuments(producer.producerId, input, standard, new Date()) });
    });
    await checkAgainstService(models, registered);
    return registered.map((r) => r.id);
  }

  return {
    current,
    async growTo(packagingTypes, signal) {
      const before = producers * TYPES_PER_PRODUCER;
      if (packagingTypes % TYPES_PER_PRODUCER !== 0 || packagingTypes <= before) {
        throw new Error(`a catalogue of ${String(before)} types grows to a larger multiple of ${String(TYPES_PER_PRODUCER)}, not ${String(packagingTypes)}`);
      }
      const started = Date.now();
      const added = await addProducers(packagingTypes / TYPES_PER_PRODUCER - producers, signal);
      const producersDone = Date.now();
      const standard = await services.catalog.activeStandard();
      // Only the first step goes partly through the service: later, a registration outlasts the store's query limit.
      const checked = before === 0 ? added.at(-1) : undefined;
      const bulk = added
        .filter((producer) => producer !== checked)
        .flatMap(({ producerId, inputs }) => inputs.map((input) => registrationDocuments(producerId, input, standard, new Date())));
      await inBatches(bulk, BATCH, PARALLEL, signal, (docs) => insertRegistrations(models, docs));
      for (const docs of bulk) byClass[docs.view.classification.packagingClass] += 1;
      const bulkDone = Date.now();
      const registeredIds = checked ? await viaService(checked, standard, signal) : [];
      const serviceDone = Date.now();
      producers += added.length;
      await announceChange(models);
      await waitForSnapshot(services, [...bulk.map((d) => d.view._id), ...registeredIds], signal);

      const missing = PACKAGING_CLASSES.filter((c) => byClass[c] === 0);
      if (missing.length > 0) throw new Error(`the seeded catalogue has no ${missing.join(', ')} packaging; change the mix`);
      return {
        packagingTypes: producers * TYPES_PER_PRODUCER,
        added: packagingTypes - before,
        inBulk: bulk.length,
        viaService: registeredIds.length,
        ms: Date.now() - started,
        phasesMs: { producers: producersDone - started, bulk: bulkDone - producersDone, service: serviceDone - bulkDone, snapshot: Date.now() - serviceDone },
      };
    },
  };
}
