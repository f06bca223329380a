// The offerable catalogue as an in-memory index: per priced class, the container packaging types ordered by inner
// volume. A quote finds its candidates by binary search between the parcel's volume and the largest volume the
// empty-space limit allows, then looks for the first type in that range that fits. A plain walk through the range
// checks every type too narrow, too flat or too weak before the first that fits, and a dense catalogue has many: at
// 30,000 types the walk cost a quote 33 us of its 0.5 ms (BENCHMARKS.md, "Thirteenth session"). So each class also
// keeps, over its volume order, a tree of the largest sides and load below each node: a search skips every stretch
// whose largest sides or load could not hold the parcel, and descends only where some type might.
import { sortedSides, volumeMm3, type Dimensions, type Material, type PackagingClass, type PackagingFormat } from './packaging.js';
import { PRICED_CLASSES } from './pricing-rules.js';
import { CONTAINER_FORMATS, type Candidate } from './quote-builder.js';

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
  /** Per priced class, ascending by inner volume, then by id, with its reach tree. */
  readonly byClass: ReadonlyMap<PackagingClass, ClassIndex>;
}

interface ClassIndex {
  readonly types: readonly IndexedType[];
  readonly reach: ReachTree;
}

/**
 * A complete binary tree over a class's types in volume order (leaf `i` at `leaves + i`, node `n`'s children at
 * `2n` and `2n + 1`): per node, the largest smallest side, middle side, largest side and load of the types below it.
 * A parcel that exceeds any of these at a node fits none of the types below it. Leaves past the last type hold -1.
 */
interface ReachTree {
  readonly leaves: number;
  readonly sides: readonly [Float64Array, Float64Array, Float64Array];
  /** A type with no declared maximum load carries anything: Infinity. */
  readonly load: Float64Array;
}

function reachTreeOf(types: readonly IndexedType[]): ReachTree {
  let leaves = 1;
  while (leaves < types.length) leaves *= 2;
  const sides: [Float64Array, Float64Array, Float64Array] = [new Float64Array(2 * leaves).fill(-1), new Float64Array(2 * leaves).fill(-1), new Float64Array(2 * leaves).fill(-1)];
  const load = new Float64Array(2 * leaves).fill(-1);
  types.forEach((type, i) => {
    for (let k = 0; k < 3; k += 1) (sides[k] as Float64Array)[leaves + i] = type.sides[k] ?? -1;
    load[leaves + i] = type.candidate.maxLoadGrams ?? Infinity;
  });
  const columns = [...sides, load];
  for (let n = leaves - 1; n >= 1; n -= 1) {
    for (const values of columns) values[n] = Math.max(values[2 * n] ?? -1, values[2 * n + 1] ?? -1);
  }
  return { leaves, sides, load };
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
  const indexed = new Map<PackagingClass, ClassIndex>();
  for (const [packagingClass, list] of byClass) {
    list.sort((a, b) => a.volume - b.volume || (a.candidate.packagingTypeId < b.candidate.packagingTypeId ? -1 : a.candidate.packagingTypeId > b.candidate.packagingTypeId ? 1 : 0));
    indexed.set(packagingClass, { types: list, reach: reachTreeOf(list) });
  }
  return { size, byClass: indexed };
}

/** The first position whose volume is more than `volume` (`orEqual`: at least `volume`). */
function firstPast(list: readonly IndexedType[], volume: number, orEqual: boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const at = list[mid]?.volume ?? Infinity;
    if (at < volume || (!orEqual && at === volume)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** What a type must reach to hold the parcel: its sorted sides and its weight. */
interface Need {
  readonly sides: readonly [number, number, number];
  readonly weightGrams: number;
}

/**
 * The first position in `[from, to)` whose type holds the parcel, or -1: down the reach tree from node `node`, which
 * covers positions `[low, high)`, into the left child first, passing over every node whose reach falls short.
 */
function firstHolding(tree: ReachTree, need: Need, from: number, to: number, node: number, low: number, high: number): number {
  if (high <= from || low >= to) return -1;
  const [s0, s1, s2] = tree.sides;
  if ((s0[node] ?? -1) < need.sides[0] || (s1[node] ?? -1) < need.sides[1] || (s2[node] ?? -1) < need.sides[2] || (tree.load[node] ?? -1) < need.weightGrams) return -1;
  // At a leaf the reach is the type's own: it holds the parcel.
  if (high - low === 1) return low;
  const middle = (low + high) >>> 1;
  const left = firstHolding(tree, need, from, to, 2 * node, low, middle);
  return left >= 0 ? left : firstHolding(tree, need, from, to, 2 * node + 1, middle, high);
}

/**
 * The smallest packaging type of each priced class that holds the parcel in some orientation and can carry its
 * weight (a type with no declared maximum load carries anything), with an inner volume between the parcel's and
 * `maxVolume`: the same choice as the store's query ordered by volume, then id.
 */
export function candidatesFor(index: CatalogueIndex, parcel: Dimensions & { readonly weightGrams: number }, maxVolume: number): Candidate[] {
  const volume = volumeMm3(parcel);
  const need: Need = { sides: sortedSides(parcel), weightGrams: parcel.weightGrams };
  const found: Candidate[] = [];
  for (const packagingClass of PRICED_CLASSES) {
    const indexed = index.byClass.get(packagingClass);
    if (!indexed) continue;
    const { types, reach } = indexed;
    const at = firstHolding(reach, need, firstPast(types, volume, true), firstPast(types, maxVolume, false), 1, 0, reach.leaves);
    const type = at >= 0 ? types[at] : undefined;
    if (type) found.push(type.candidate);
  }
  return found;
}
