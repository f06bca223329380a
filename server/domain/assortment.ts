// What a platform stocks, as data: an assortment for all its warehouses, or one per warehouse. A quote offers only
// the stocked packaging types (plus the parcel's own packaging); a warehouse without an assortment of its own uses
// the platform's, and a platform without any offers the whole compliant catalogue.

/** Packaging types one assortment names at most. */
export const MAX_ASSORTMENT_TYPES = 1000;

/** The key of an assortment's scope: a platform as a whole (warehouse ''), or one of its warehouses. */
export const assortmentScope = (platformId: string, warehouseRef: string | null) => `${platformId}/${warehouseRef ?? ''}`;

/** The assortment that applies to a quote: the warehouse's own, else the platform's, else none (null). */
export function applicableAssortment<A>(assortments: ReadonlyMap<string, A>, platformId: string, warehouseRef: string | null): A | null {
  if (warehouseRef !== null) {
    const own = assortments.get(assortmentScope(platformId, warehouseRef));
    if (own !== undefined) return own;
  }
  return assortments.get(assortmentScope(platformId, null)) ?? null;
}
