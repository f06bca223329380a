// The recycling loop's rules as versioned data: when a unit is presumed lost, and when a return looks impossible.
// Every flagged return names the version that flagged it.

export interface RecyclingRules {
  readonly version: string;
  /** Where the numbers come from, or why they were chosen. */
  readonly sources: readonly string[];
  /** A unit shipped this many days ago and not back is presumed lost; its deposit stays with the platform. */
  readonly presumedLostAfterDays: number;
  /** One serial returned in two regions less than this many hours apart cannot have travelled between them. */
  readonly minHoursBetweenRegions: number;
  /** The window in which a region's unit returns are compared with the units shipped into it. */
  readonly regionWindowDays: number;
  /** More loose items than this from one consumer in one UTC day is implausible. */
  readonly maxItemsPerConsumerPerDay: number;
}

export const RECYCLING_RULES: RecyclingRules = {
  version: 'GL-LOOP-2026.1',
  sources: [
    'Presumed lost after 90 days: reusable e-commerce packaging schemes (RePack, Loop) close a trip as lost after about three months.',
    'Travel between regions, 6 h; region window, 30 days; 50 loose items per consumer per day: GreenLoop operating assumptions, to be tuned on observed returns.',
  ],
  presumedLostAfterDays: 90,
  minHoursBetweenRegions: 6,
  regionWindowDays: 30,
  maxItemsPerConsumerPerDay: 50,
};

/** What the store knows around one return, gathered before it is recorded. */
export interface ReturnContext {
  readonly region: string;
  readonly atMs: number;
  /** For a unit: its previous return, if any. */
  readonly previousReturn?: { readonly region: string; readonly atMs: number } | null;
  /** For a unit whose shipment named a region: unit returns at points in this region within the window (this one
   *  included), and the units shipped into it within the window. */
  readonly regionFlow?: { readonly returned: number; readonly shipped: number } | null;
  /** For loose packaging credited to a consumer: their items returned this UTC day, this return included. */
  readonly consumerItemsToday?: number | null;
}

/** The reasons a return looks impossible; empty when it does not. Pure: every input is in the context. */
export function anomalyReasons(rules: RecyclingRules, context: ReturnContext): string[] {
  const reasons: string[] = [];
  const previous = context.previousReturn;
  if (previous && previous.region !== context.region) {
    const hours = (context.atMs - previous.atMs) / 3_600_000;
    if (hours < rules.minHoursBetweenRegions) {
      reasons.push(`returned in ${context.region} ${hours.toFixed(1)} h after a return in ${previous.region}; travel takes at least ${String(rules.minHoursBetweenRegions)} h`);
    }
  }
  const flow = context.regionFlow;
  if (flow && flow.returned > flow.shipped) {
    reasons.push(`${String(flow.returned)} units returned in ${context.region} within ${String(rules.regionWindowDays)} days, only ${String(flow.shipped)} shipped there`);
  }
  const items = context.consumerItemsToday;
  if (items !== null && items !== undefined && items > rules.maxItemsPerConsumerPerDay) {
    reasons.push(`${String(items)} items from one consumer today, more than the plausible ${String(rules.maxItemsPerConsumerPerDay)}`);
  }
  return reasons;
}
