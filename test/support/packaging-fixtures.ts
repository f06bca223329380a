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
