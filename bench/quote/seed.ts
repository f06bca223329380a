import type { Types } from 'mongoose';
import { PACKAGING_CLASSES, type PackagingClass } from '../../server/domain/packaging.js';
import type { Services } from '../../server/services/index.js';
import { packagingInput } from './packaging-mix.js';
import { mulberry32 } from './prng.js';

export const SEED = 20260101;
export const PRODUCERS = 10;
export const TYPES_PER_PRODUCER = 30;
const CONCURRENCY = 6;

export interface Seeded {
  readonly platformId: Types.ObjectId;
  readonly platformKey: string;
  readonly packagingTypes: number;
  readonly byClass: Readonly<Record<PackagingClass, number>>;
}

export async function createOrganization(services: Services, name: string, kind: 'PLATFORM' | 'PRODUCER') {
  const outcome = await services.identity.createOrganization({ name, kind });
  if (!outcome.ok) throw new Error(`creating ${name} failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
  return outcome.value;
}

/**
 * One platform, ten producers (or `producers`) and their catalogues, all through the services, from a fixed seed;
 * fewer producers register the first of the same catalogues. bench/pipeline seeds so; bench/quote grows the same
 * catalogue far larger (catalogue-seed.ts), mostly in bulk.
 */
export async function seed(services: Services, signal: AbortSignal, producers = PRODUCERS): Promise<Seeded> {
  const rng = mulberry32(SEED);
  const platform = await createOrganization(services, 'Bench Mall (platform)', 'PLATFORM');
  const byClass = Object.fromEntries(PACKAGING_CLASSES.map((c) => [c, 0])) as Record<PackagingClass, number>;
  for (let p = 0; p < producers; p += 1) {
    const producer = await createOrganization(services, `Bench Packaging ${String(p + 1)} (producer)`, 'PRODUCER');
    // The inputs come from the generator in a fixed order; registering them a few at a time only saves time.
    const inputs = Array.from({ length: TYPES_PER_PRODUCER }, (_, i) => packagingInput(rng, p, i).input);
    for (let start = 0; start < inputs.length; start += CONCURRENCY) {
      signal.throwIfAborted();
      const registered = await Promise.all(
        inputs.slice(start, start + CONCURRENCY).map(async (input) => {
          const outcome = await services.catalog.registerPackagingType(producer.organization._id, input);
          if (!outcome.ok) throw new Error(`registering ${input.sku} failed: ${outcome.errors.map((e) => e.message).join('; ')}`);
          return outcome.value;
        }),
      );
      for (const type of registered) byClass[type.classification.packagingClass] += 1;
    }
  }
  const missing = PACKAGING_CLASSES.filter((c) => byClass[c] === 0);
  if (missing.length > 0) throw new Error(`the seeded catalogue has no ${missing.join(', ')} packaging; change the mix`);
  return {
    platformId: platform.organization._id,
    platformKey: platform.apiKey,
    packagingTypes: producers * TYPES_PER_PRODUCER,
    byClass,
  };
}
