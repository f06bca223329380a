/** A paper box that the reference standard classifies GREEN (grade A, 60 % recycled, substances within limits). */
export const greenBox = (sku: string) => ({
  sku,
  name: `Recycled mailer box ${sku}`,
  material: 'PAPER_CARD',
  format: 'BOX',
  innerDimensions: { lengthMm: 300, widthMm: 200, heightMm: 100 },
  massGrams: 150,
  recycledContentPct: 60,
  recyclableSharePct: 97,
  substanceTest: { leadMgKg: 10, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 },
});

/** A heavy plain box with a low recyclable share: STANDARD. */
export const plainBox = (sku: string) => ({
  ...greenBox(sku),
  name: `Plain box ${sku}`,
  recycledContentPct: 0,
  recyclableSharePct: 60,
  massGrams: 400,
});

/** A crate designed for 50 trips: REUSABLE. */
export const reusableCrate = (sku: string) => ({
  ...greenBox(sku),
  name: `Reusable crate ${sku}`,
  material: 'PLASTIC',
  innerDimensions: { lengthMm: 320, widthMm: 220, heightMm: 120 },
  massGrams: 900,
  designedCycles: 50,
  substanceTest: { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: 100 },
});

/** Lead above the GB 43352-2023 limit: NON_COMPLIANT, never offered. */
export const leadedBox = (sku: string) => ({
  ...greenBox(sku),
  name: `Leaded box ${sku}`,
  substanceTest: { leadMgKg: 80, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 5 },
});
