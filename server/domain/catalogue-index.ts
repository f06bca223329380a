// The offerable catalogue as an in-memory index: per priced class, the container packaging types ordered by inner
// volume. A quote finds its candidates by binary search between the parcel's volume and the largest volume the
// empty-space limit allows, then checks the fit; its cost does not grow with the number of types outside that range.
import { volumeMm3, type Dimensions, type Material, type PackagingClass, type PackagingFormat } from './packaging.js';
import { PRICED_CLASSES } from './pricing-rules.js';
import { CONTAINER_FORMATS, sortedSides, type Candidate } from './quote-builder.js';

/** What the index needs of a packaging type (its current view). */
export interface CatalogueEntry {
  readonly packagingTypeId: string;
  readonly revision: number;
  readonly packagingClass: PackagingClass;
  readonly format: PackagingFormat;
  readonly innerDimensions: Dimensions;
  readonly maxLoadGrams: number | null;
  readonly material: Material;
  readonly massGrams: number;
  readonly designedCycles: number | null;
}

interface IndexedType {
  readonly candidate: Candidate;
  readonly volume: number;
  readonly sides: readonly [number, number, number];
}

export interface CatalogueIndex {
  readonly size: number;
  /** Per priced class, ascending by inner volume, then by id. */
  readonly byClass: ReadonlyMap<PackagingClass, readonly IndexedType[]>;
}

export function buildCatalogueIndex(entries: readonly CatalogueEntry[]): CatalogueIndex {
  const byClass = new Map<PackagingClass, IndexedType[]>(PRICED_CLASSES.map((c) => [c, []]));
  let size = 0;
  for (const entry of entries) {
    const list = byClass.get(entry.packagingClass);
    if (!list || !CONTAINER_FORMATS.includes(entry.format)) continue;
    const { packagingTypeId, revision, packagingClass, innerDimensions, maxLoadGrams, material, massGrams, designedCycles } = entry;
    const candidate: Candidate = { packagingTypeId, revision, packagingClass, innerDimensions, maxLoadGrams, material, massGrams, designedCycles };
    list.push({ candidate, volume: volumeMm3(innerDimensions), sides: sortedSides(innerDimensions) });
    size += 1;
  }
  for (const list of byClass.values()) {
    list.sort((a, b) => a.volume - b.volume || (a.candidate.packagingTypeId < b.candidate.packagingTypeId ? -1 : a.candidate.packagingTypeId > b.candidate.packagingTypeId ? 1 : 0));
  }
  return { size, byClass };
}

/** The first position whose volume is at least `volume`. */
function firstAtLeast(list: readonly IndexedType[], volume: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((list[mid]?.volume ?? Infinity) < volume) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The smallest packaging type of each priced class that holds the parcel in some orientation and can carry its
 * weight (a type with no declared maximum load carries anything), with an inner volume between the parcel's and
 * `maxVolume`: the same choice as the store's query ordered by volume, then id.
 */
export function candidatesFor(index: CatalogueIndex, parcel: Dimensions & { readonly weightGrams: number }, maxVolume: number): Candidate[] {
  const volume = volumeMm3(parcel);
  const [min, mid, max] = sortedSides(parcel);
  const found: Candidate[] = [];
  for (const packagingClass of PRICED_CLASSES) {
    const list = index.byClass.get(packagingClass) ?? [];
    for (let i = firstAtLeast(list, volume); i < list.length; i += 1) {
      const type = list[i];
      if (!type || type.volume > maxVolume) break;
      const carries = type.candidate.maxLoadGrams === null || parcel.weightGrams <= type.candidate.maxLoadGrams;
      if (carries && type.sides[0] >= min && type.sides[1] >= mid && type.sides[2] >= max) {
        found.push(type.candidate);
        break;
      }
    }
  }
  return found;
}
