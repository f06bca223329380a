import type { Dimensions, PackagingTypeInput } from '../../server/domain/packaging.js';
import { REFERENCE_STANDARD, sizeClassOf } from '../../server/domain/standard.js';
import type { Random } from './prng.js';

// A catalogue as producers would register it: paper boxes in common e-commerce sizes (inner mm), each producer
// varying them by a few millimetres; recycled content, recyclable share and mass spread so the reference standard
// puts them in every class; some plastic crates built for 50 trips; a few boxes whose lead test fails.

const BOX_SIZES: readonly (readonly [number, number, number])[] = [
  [150, 100, 100], [160, 120, 100], [200, 150, 100], [220, 160, 100], [250, 175, 100], [250, 200, 150],
  [280, 200, 100], [300, 200, 100], [300, 220, 120], [310, 230, 130], [350, 250, 120], [350, 250, 150],
  [400, 300, 150], [400, 300, 200], [450, 320, 200], [450, 350, 250], [500, 350, 250], [500, 400, 300],
  [550, 400, 300], [600, 400, 300], [600, 400, 400], [600, 500, 400], [200, 200, 200], [300, 300, 300],
  [400, 400, 400],
];
const CRATE_SIZES: readonly (readonly [number, number, number])[] = [
  [300, 200, 120], [300, 200, 150], [400, 300, 150], [400, 300, 200], [600, 400, 200], [600, 400, 300],
];
const CERTIFICATIONS = ['FSC', 'CN-GREEN-PRODUCT', 'EU-ECOLABEL'];

export type Kind = 'paper' | 'crate' | 'leaded';

function jittered(rng: Random, [l, w, h]: readonly [number, number, number]): Dimensions {
  return { lengthMm: l + rng.step(0, 10, 5), widthMm: w + rng.step(0, 10, 5), heightMm: h + rng.step(0, 10, 5) };
}

/** The mass a typical single-wall box of this size has under the standard (its size class's reference). */
function referenceMass(inner: Dimensions): number {
  return sizeClassOf(inner, REFERENCE_STANDARD.reduced.sizeClasses)?.referenceMassGrams ?? 800;
}

function paperBox(rng: Random, sku: string, leaded: boolean): PackagingTypeInput {
  const innerDimensions = jittered(rng, rng.pick(BOX_SIZES));
  const { lengthMm: l, widthMm: w, heightMm: h } = innerDimensions;
  const recycledContentPct = rng.step(0, 100, 5);
  return {
    sku,
    name: `${recycledContentPct >= 30 ? 'Recycled' : 'Kraft'} ${rng.chance(0.2) ? 'mailer' : 'shipping box'} ${l}x${w}x${h}`,
    material: 'PAPER_CARD',
    format: rng.chance(0.2) ? 'MAILER' : 'BOX',
    innerDimensions,
    // 55 % to 130 % of the reference mass: light boxes are REDUCED unless they are GREEN.
    massGrams: Math.max(1, Math.round((referenceMass(innerDimensions) * rng.int(55, 130)) / 100)),
    recycledContentPct,
    recyclableSharePct: rng.int(60, 100),
    substanceTest: {
      leadMgKg: leaded ? 80 : rng.int(1, 30),
      mercuryMgKg: 0.1,
      cadmiumMgKg: 0.1,
      chromiumMgKg: rng.int(1, 10),
    },
    certifications: rng.chance(0.1) ? [rng.pick(CERTIFICATIONS)] : [],
  };
}

function reusableCrate(rng: Random, sku: string): PackagingTypeInput {
  const innerDimensions = jittered(rng, rng.pick(CRATE_SIZES));
  const { lengthMm: l, widthMm: w, heightMm: h } = innerDimensions;
  return {
    sku,
    name: `Reusable crate ${l}x${w}x${h}`,
    material: 'PLASTIC',
    format: 'BOX',
    innerDimensions,
    massGrams: rng.int(700, 1400),
    recycledContentPct: rng.step(0, 50, 5),
    recyclableSharePct: rng.int(85, 100),
    designedCycles: 50,
    substanceTest: { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: 100 },
  };
}

/** The `index`-th packaging type of a producer's catalogue. */
export function packagingInput(rng: Random, producer: number, index: number): { kind: Kind; input: PackagingTypeInput } {
  const roll = rng.next();
  const kind: Kind = roll < 0.04 ? 'leaded' : roll < 0.12 ? 'crate' : 'paper';
  const sku = `P${String(producer + 1).padStart(2, '0')}-${kind === 'crate' ? 'CR' : 'BX'}-${String(index + 1).padStart(3, '0')}`;
  return { kind, input: kind === 'crate' ? reusableCrate(rng, sku) : paperBox(rng, sku, kind === 'leaded') };
}
