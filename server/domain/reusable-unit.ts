// A reusable unit's life as facts: issued once, then cycles of shipped -> returned, until it is retired or presumed
// lost. Every fact is keyed `<serial>:<cycle>:<type>`, so a cycle can be shipped once and returned once, whatever
// races; the unit's state is derived from its facts, never stored.

export const UNIT_EVENT_TYPES = ['ISSUED', 'SHIPPED', 'RETURNED', 'RETIRED', 'LOST'] as const;
export type UnitEventType = (typeof UNIT_EVENT_TYPES)[number];
export type UnitStatus = 'IN_STOCK' | 'SHIPPED' | 'RETURNED' | 'RETIRED' | 'LOST';

export interface UnitFact {
  readonly type: UnitEventType;
  /** 0 for ISSUED; the trip number (1, 2, ...) for the rest. */
  readonly cycle: number;
  readonly atMs: number;
}

export interface UnitState {
  readonly status: UnitStatus;
  /** Completed trips: shipped and returned. */
  readonly cycles: number;
  /** The trip the unit is on or last made; 0 when never shipped. */
  readonly cycle: number;
}

export const SERIALS_PER_CALL_MAX = 1000;

// Within a trip a return outranks a presumed loss: a unit that came back is back, whichever fact was written first.
const ORDER: Record<UnitEventType, number> = { ISSUED: 0, SHIPPED: 1, LOST: 2, RETURNED: 3, RETIRED: 4 };

/**
 * The state after a unit's facts. The latest trip decides: shipped and not back is SHIPPED (or LOST once presumed
 * lost); back is RETURNED, ready for its next trip. RETIRED ends the life.
 */
export function unitState(facts: readonly UnitFact[]): UnitState {
  const sorted = [...facts].sort((a, b) => a.cycle - b.cycle || ORDER[a.type] - ORDER[b.type]);
  const cycles = sorted.filter((f) => f.type === 'RETURNED').length;
  const last = sorted.at(-1);
  const cycle = sorted.reduce((max, f) => (f.type === 'SHIPPED' ? Math.max(max, f.cycle) : max), 0);
  if (!last || last.type === 'ISSUED') return { status: 'IN_STOCK', cycles, cycle };
  if (sorted.some((f) => f.type === 'RETIRED')) return { status: 'RETIRED', cycles, cycle };
  const statusOf: Record<Exclude<UnitEventType, 'ISSUED' | 'RETIRED'>, UnitStatus> = { SHIPPED: 'SHIPPED', RETURNED: 'RETURNED', LOST: 'LOST' };
  return { status: statusOf[last.type as Exclude<UnitEventType, 'ISSUED' | 'RETIRED'>], cycles, cycle };
}

/** Whether a unit can be packed into an order now, and on which trip. */
export function nextShipment(state: UnitState): { cycle: number } | { refused: string } {
  if (state.status === 'IN_STOCK' || state.status === 'RETURNED') return { cycle: state.cycle + 1 };
  if (state.status === 'SHIPPED') return { refused: `the unit is out on trip ${String(state.cycle)} and has not come back` };
  return { refused: `the unit is ${state.status.toLowerCase()}` };
}

/** Whether a unit coming back to a collection point closes a trip, and which. */
export function returnOf(state: UnitState): { cycle: number } | { refused: 'UNIT_NOT_SHIPPED' | 'DUPLICATE_RETURN'; message: string } {
  if (state.status === 'SHIPPED' || state.status === 'LOST') return { cycle: state.cycle };
  if (state.status === 'RETURNED') return { refused: 'DUPLICATE_RETURN', message: `trip ${String(state.cycle)} of this unit was already returned` };
  if (state.status === 'RETIRED') return { refused: 'UNIT_NOT_SHIPPED', message: 'the unit is retired' };
  return { refused: 'UNIT_NOT_SHIPPED', message: 'the unit has not been shipped since it was issued' };
}

/** Whether a trip was presumed lost before its return came back; a loss written after it (a job that raced the
 *  return) does not count. */
export const presumedLostBefore = (lost: { readonly at: Date } | null, returned: { readonly createdAt: Date }): boolean =>
  lost !== null && lost.at.getTime() < returned.createdAt.getTime();
