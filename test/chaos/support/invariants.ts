// The invariants a chaos run must end with, read straight from the store and compared with what the API accepted
// (DESIGN.md "Invariants"): chains gap-free and consistent, zero-sum, no negative balance, every accepted fact in the
// store once and credited exactly once, no job left behind, and compliance equal to a recomputation from the facts.
import { Types } from 'mongoose';
import type { CreditEntryDoc } from '../../../server/db/models/credit-entry.js';
import { entryFromStored } from '../../../server/db/credit-entry-text.js';
import type { Models } from '../../../server/db/models/index.js';
import { EPR_RULES } from '../../../server/domain/epr.js';
import { auditChain } from '../../../server/domain/ledger-audit.js';
import type { Material, RecyclabilityGrade } from '../../../server/domain/packaging.js';
import { parsePeriod } from '../../../server/domain/period.js';
import { RECYCLING_RULES } from '../../../server/domain/recycling-rules.js';
import { stateOf } from '../../../server/services/credit-ledger.js';
import { naiveScheme, type NaiveLine, type NaiveProducerFacts, type NaiveScheme } from './naive-epr.js';
import type { LooseResult, OrderResult, RedemptionResult, ReportResult, StoryResult } from './workload.js';

export interface RegisteredType {
  readonly id: string;
  readonly producer: number;
  readonly material: Material;
  readonly massGrams: number;
  readonly grade: RecyclabilityGrade;
  readonly packagingClass: string;
}

/** What set-up made, which the expectations need besides the workload's answers. */
export interface Setup {
  readonly platformIds: readonly string[];
  readonly producerIds: readonly string[];
  readonly types: readonly RegisteredType[];
  /** Reusable units issued, by packaging type id. */
  readonly unitsIssued: Readonly<Record<string, number>>;
  readonly reusableReturnCredits: number;
  readonly collectionReturnCreditsPerItem: number;
  readonly period: string;
}

export interface Verdict {
  readonly name: string;
  readonly problems: string[];
  /** A line of figures for the report. */
  readonly figures: string;
}

const MAX_SHOWN = 25;
export const shown = (problems: readonly string[]) =>
  problems.slice(0, MAX_SHOWN).join('\n  ') + (problems.length > MAX_SHOWN ? `\n  ... and ${String(problems.length - MAX_SHOWN)} more` : '');

interface Answers {
  readonly orders: OrderResult[];
  readonly redemptions: RedemptionResult[];
  readonly loose: LooseResult[];
  readonly reports: ReportResult[];
}

function split(results: readonly StoryResult[]): Answers {
  return {
    orders: results.filter((r): r is OrderResult => r.kind === 'order'),
    redemptions: results.filter((r): r is RedemptionResult => r.kind === 'redeem'),
    loose: results.filter((r): r is LooseResult => r.kind === 'loose'),
    reports: results.filter((r): r is ReportResult => r.kind === 'report'),
  };
}

/** Reads everything the checks need once; the checks are then pure. */
export async function readStore(models: Models) {
  const [entries, choices, events, returns, receipts, refunds, snapshots, reviews] = await Promise.all([
    models.CreditEntry.find({}).lean(),
    models.PackagingChoice.find({}, { _id: 1, platformId: 1, orderRef: 1 }).lean(),
    models.OrderEvent.find({}, { _id: 1, platformId: 1, orderRef: 1, type: 1 }).lean(),
    models.ReturnEvent.find({}, { _id: 1, flagged: 1 }).lean(),
    models.FactReceipt.find({}, { _id: 1 }).lean(),
    models.DepositRefund.find({}).lean(),
    models.ComplianceSnapshot.find({}).lean(),
    models.ReturnReview.find({}, { _id: 1, decision: 1 }).lean(),
  ]);
  return { entries: entries.map(entryFromStored), choices, events, returns, receipts: new Set(receipts.map((r) => r._id)), refunds, snapshots, reviews };
}
export type StoreView = Awaited<ReturnType<typeof readStore>>;

/** Receipt ids (`choice:<id>`, ...) of the facts in the store that no job has received yet. */
export async function factsWithoutReceipt(models: Models): Promise<string[]> {
  const [choices, events, returns, receipts] = await Promise.all([
    models.PackagingChoice.find({}, { _id: 1 }).lean(),
    models.OrderEvent.find({}, { _id: 1 }).lean(),
    models.ReturnEvent.find({ flagged: false }, { _id: 1 }).lean(),
    models.FactReceipt.find({}, { _id: 1 }).lean(),
  ]);
  const received = new Set(receipts.map((r) => r._id));
  return [
    ...choices.map((c) => `choice:${c._id.toHexString()}`),
    ...events.map((e) => `order-event:${e._id.toHexString()}`),
    ...returns.map((r) => `return:${r._id.toHexString()}`),
  ].filter((id) => !received.has(id));
}

/** Every consumer chain: seqs 1..n without gaps, each entry following from the one before (the hourly audit's rules). */
export function checkChains(view: StoreView): Verdict {
  const byAccount = new Map<string, CreditEntryDoc[]>();
  for (const e of view.entries) byAccount.set(e.account, [...(byAccount.get(e.account) ?? []), e]);
  const problems: string[] = [];
  for (const [account, chain] of byAccount) {
    chain.sort((a, b) => a.seq - b.seq);
    problems.push(...auditChain(account, chain.map((e) => ({ ...e, state: stateOf(e) }))));
    if (chain.some((e) => e.account !== `${e.platformId.toHexString()}:${e.consumerRef}`)) problems.push(`${account}: an entry names another account`);
  }
  return { name: 'chains', problems, figures: `${String(byAccount.size)} accounts, ${String(view.entries.length)} entries` };
}

/** No balance ever below zero: not after any entry, in no lot. */
export function checkNoNegative(view: StoreView): Verdict {
  const problems = view.entries
    .filter((e) => e.available < 0 || e.pending < 0 || e.lots.some((l) => l.remaining < 0))
    .map((e) => `${e._id}: available ${String(e.available)}, pending ${String(e.pending)}`);
  return { name: 'no negative balance', problems, figures: `${String(view.entries.length)} entries` };
}

/**
 * Double entry: per platform, what consumers hold plus what its system accounts hold is zero; every entry's system
 * account is its own platform's; and the redemption account holds exactly what the API said was redeemed.
 */
export function checkZeroSum(view: StoreView, setup: Setup, results: readonly StoryResult[]): Verdict {
  const problems: string[] = [];
  const heads = new Map<string, CreditEntryDoc>();
  for (const e of view.entries) if ((heads.get(e.account)?.seq ?? 0) < e.seq) heads.set(e.account, e);
  const redeemedByApi = new Map<string, number>();
  for (const r of split(results).redemptions) {
    if (!r.redeemed) continue;
    const platform = setup.platformIds[r.platform] ?? '';
    redeemedByApi.set(platform, (redeemedByApi.get(platform) ?? 0) + r.amount);
  }
  const figures: string[] = [];
  for (const platform of new Set(view.entries.map((e) => e.platformId.toHexString()))) {
    const mine = view.entries.filter((e) => e.platformId.toHexString() === platform);
    const held = [...heads.values()].filter((h) => h.platformId.toHexString() === platform).reduce((s, h) => s + h.available + h.pending + (h.held ?? 0), 0);
    const system = new Map<string, number>();
    for (const e of mine) {
      const [kind, owner] = e.counterparty.split(':');
      if (owner !== platform) problems.push(`${e._id}: counterparty ${e.counterparty} is another platform's`);
      system.set(kind ?? '', (system.get(kind ?? '') ?? 0) - e.consumerDelta);
    }
    const systemTotal = [...system.values()].reduce((s, v) => s + v, 0);
    if (held + systemTotal !== 0) problems.push(`platform ${platform}: consumers hold ${String(held)}, system accounts ${String(systemTotal)}: the sum is not zero`);
    const redemption = system.get('redemption') ?? 0;
    if (redemption !== (redeemedByApi.get(platform) ?? 0)) problems.push(`platform ${platform}: the redemption account holds ${String(redemption)}, the API answered ${String(redeemedByApi.get(platform) ?? 0)} redeemed`);
    figures.push(`platform ...${platform.slice(-4)}: consumers ${String(held)} + ${[...system].map(([k, v]) => `${k} ${String(v)}`).join(' + ')} = ${String(held + systemTotal)}`);
  }
  return { name: 'zero-sum', problems, figures: figures.join('; ') };
}

type Expect = { kind: CreditEntryDoc['kind']; amount: number; consumerRef: string };

/**
 * Every fact the API accepted moved credits exactly as its answer said, once; and nothing else moved any. Keys are
 * the service's own (`choice:<id>:earn|settle|reverse`, `return:<id>:earn|post`, `redeem:<key>`).
 */
export function checkCreditedOnce(view: StoreView, setup: Setup, results: readonly StoryResult[]): Verdict {
  const problems: string[] = [];
  const byKey = new Map<string, CreditEntryDoc[]>();
  for (const e of view.entries) {
    const k = `${e.platformId.toHexString()}|${e.idempotencyKey}`;
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const explained = new Set<string>();
  let expectedEntries = 0;
  const take = (platform: string, key: string): CreditEntryDoc | null => {
    const k = `${platform}|${key}`;
    explained.add(k);
    const found = byKey.get(k) ?? [];
    if (found.length > 1) problems.push(`${key}: ${String(found.length)} entries for one key`);
    return found[0] ?? null;
  };
  const exactly = (platform: string, key: string, expected: Expect | null): CreditEntryDoc | null => {
    const entry = take(platform, key);
    if (expected) expectedEntries += 1;
    if (!expected) {
      if (entry) problems.push(`${key}: credited (${entry.kind} ${String(entry.amount)}) but nothing the API accepted calls for it`);
      return null;
    }
    if (!entry) {
      problems.push(`${key}: missing (expected ${expected.kind} ${String(expected.amount)} for ${expected.consumerRef})`);
      return null;
    }
    if (entry.kind !== expected.kind || entry.amount !== expected.amount || entry.consumerRef !== expected.consumerRef) {
      problems.push(`${key}: ${entry.kind} ${String(entry.amount)} for ${entry.consumerRef}, expected ${expected.kind} ${String(expected.amount)} for ${expected.consumerRef}`);
    }
    return entry;
  };

  const answers = split(results);
  for (const o of answers.orders) {
    const platform = setup.platformIds[o.platform] ?? '';
    const choice = o.choice;
    if (!choice) continue;
    const key = (what: string) => `choice:${choice.id}:${what}`;
    const c = choice.credits;
    const ref = o.consumerRef;
    if (c <= 0) {
      for (const what of ['earn', 'settle', 'reverse']) exactly(platform, key(what), null);
    } else {
      exactly(platform, key('earn'), { kind: 'EARN_PENDING', amount: c, consumerRef: ref });
      if (o.delivered && o.cancelled) {
        problems.push(`order ${o.orderRef}: both its delivery and its cancellation were accepted (an order ends once)`);
      } else if (o.delivered) {
        exactly(platform, key('settle'), { kind: 'EARN_POSTED', amount: c, consumerRef: ref });
        exactly(platform, key('reverse'), null);
      } else if (o.cancelled) {
        const settle = exactly(platform, key('settle'), { kind: 'REVERSAL', amount: c, consumerRef: ref });
        if (settle && settle.allocations.length > 0) problems.push(`${key('settle')}: a cancellation before delivery took from a lot`);
        exactly(platform, key('reverse'), null);
      } else {
        exactly(platform, key('settle'), null);
        exactly(platform, key('reverse'), null);
      }
    }
    if (o.unitReturn) {
      const credit = o.unitReturn.flagged ? null : { amount: setup.reusableReturnCredits, consumerRef: ref };
      exactly(platform, `return:${o.unitReturn.id}:earn`, credit && { kind: 'EARN_PENDING', ...credit });
      exactly(platform, `return:${o.unitReturn.id}:post`, credit && { kind: 'EARN_POSTED', ...credit });
    }
  }
  for (const l of answers.loose) {
    if (!l.answer) continue;
    const consumer = l.plan.consumer;
    const platform = consumer ? setup.platformIds[consumer.platform] ?? '' : '';
    // A flagged return earns once a regulator clears it, and never otherwise.
    const earns = !l.answer.flagged || l.reviewed === 'CLEARED';
    const credit = consumer && earns ? { amount: setup.collectionReturnCreditsPerItem * l.plan.quantity, consumerRef: consumer.consumerRef } : null;
    for (const p of consumer ? [platform] : setup.platformIds) {
      exactly(p, `return:${l.answer.id}:earn`, credit && { kind: 'EARN_PENDING', ...credit });
      exactly(p, `return:${l.answer.id}:post`, credit && { kind: 'EARN_POSTED', ...credit });
    }
  }
  for (const r of answers.redemptions) {
    exactly(setup.platformIds[r.platform] ?? '', `redeem:${r.idempotencyKey}`, r.redeemed ? { kind: 'REDEMPTION', amount: r.amount, consumerRef: r.consumerRef } : null);
  }
  for (const [k, found] of byKey) {
    if (!explained.has(k)) problems.push(`${k}: ${found.map((e) => `${e.kind} ${String(e.amount)}`).join(', ')} moved by no fact the API accepted`);
  }
  return { name: 'credited exactly once', problems, figures: `${String(expectedEntries)} movements expected from the answers, ${String(view.entries.length)} entries in the ledger` };
}

/** The store holds exactly the facts the API accepted, once each; every one was received by its job; deposits refunded once. */
export function checkFacts(view: StoreView, setup: Setup, results: readonly StoryResult[]): Verdict {
  const problems: string[] = [];
  const answers = split(results);
  const accepted = answers.orders.flatMap((o) => (o.choice ? [o.choice.id] : []));
  const stored = new Set(view.choices.map((c) => c._id.toHexString()));
  for (const id of accepted) if (!stored.has(id)) problems.push(`choice ${id}: accepted but not in the store`);
  const acceptedSet = new Set(accepted);
  for (const id of stored) if (!acceptedSet.has(id)) problems.push(`choice ${id}: in the store but the API never answered it`);

  const eventsByOrder = new Map<string, string[]>();
  for (const e of view.events) {
    const k = `${e.platformId.toHexString()}:${e.orderRef}`;
    eventsByOrder.set(k, [...(eventsByOrder.get(k) ?? []), e.type]);
  }
  for (const o of answers.orders) {
    const k = `${setup.platformIds[o.platform] ?? ''}:${o.orderRef}`;
    if (o.delivered && o.cancelled) problems.push(`order ${o.orderRef}: ended twice, delivered and cancelled`);
    for (const type of o.refusedAsClosed) {
      const endedOtherwise = type === 'DELIVERED' ? o.cancelled : o.delivered;
      if (!endedOtherwise) problems.push(`order ${o.orderRef}: ${type} refused as ORDER_CLOSED, but the API accepted no other ending`);
    }
    const want = [...(o.delivered ? ['DELIVERED'] : []), ...(o.cancelled ? ['CANCELLED'] : [])].sort();
    const have = [...(eventsByOrder.get(k) ?? [])].sort();
    if (want.join() !== have.join()) problems.push(`order ${o.orderRef}: events accepted [${want.join(', ')}], stored [${have.join(', ')}]`);
    eventsByOrder.delete(k);
  }
  for (const [k, types] of eventsByOrder) problems.push(`order ${k}: events [${types.join(', ')}] stored for an order the workload never had accepted`);

  const acceptedReturns = new Map<string, boolean>([
    ...answers.orders.flatMap((o) => (o.unitReturn ? [[o.unitReturn.id, o.unitReturn.flagged] as const] : [])),
    ...answers.loose.flatMap((l) => (l.answer ? [[l.answer.id, l.answer.flagged] as const] : [])),
  ]);
  for (const r of view.returns) {
    const flagged = acceptedReturns.get(r._id.toHexString());
    if (flagged === undefined) problems.push(`return ${r._id.toHexString()}: in the store but the API never answered it`);
    else if (flagged !== r.flagged) problems.push(`return ${r._id.toHexString()}: answered flagged=${String(flagged)}, stored flagged=${String(r.flagged)}`);
  }
  const storedReturns = new Set(view.returns.map((r) => r._id.toHexString()));
  for (const id of acceptedReturns.keys()) if (!storedReturns.has(id)) problems.push(`return ${id}: accepted but not in the store`);

  // No job left behind: every fact has its receipt, but a flagged return nobody cleared, which is held on purpose.
  const cleared = new Set(view.reviews.filter((r) => r.decision === 'CLEARED').map((r) => r._id.toHexString()));
  let missing = 0;
  const receipt = (id: string) => {
    if (!view.receipts.has(id)) {
      missing += 1;
      problems.push(`${id}: no job ever received it`);
    }
  };
  for (const c of view.choices) receipt(`choice:${c._id.toHexString()}`);
  for (const e of view.events) receipt(`order-event:${e._id.toHexString()}`);
  for (const r of view.returns) if (!r.flagged || cleared.has(r._id.toHexString())) receipt(`return:${r._id.toHexString()}`);

  // A deposit is owed once for every unflagged unit return of an order that paid one.
  const refunds = new Map<string, number>();
  for (const r of view.refunds) refunds.set(r.serial, (refunds.get(r.serial) ?? 0) + 1);
  let owed = 0;
  for (const o of answers.orders) {
    if (!o.unitReturn || !o.choice) continue;
    const serialRefunds = view.refunds.filter((r) => r.returnId.toHexString() === o.unitReturn?.id);
    const due = !o.unitReturn.flagged && o.choice.depositMinor > 0;
    if (due) owed += 1;
    if (serialRefunds.length !== (due ? 1 : 0)) problems.push(`order ${o.orderRef}: ${String(serialRefunds.length)} deposit refunds, expected ${due ? 1 : 0}`);
    for (const r of serialRefunds) if (r.amountMinor !== o.choice.depositMinor || r.consumerRef !== o.consumerRef) problems.push(`order ${o.orderRef}: refund ${String(r.amountMinor)} to ${r.consumerRef}, expected ${String(o.choice.depositMinor)} to ${o.consumerRef}`);
  }
  if (view.refunds.length !== owed) problems.push(`${String(view.refunds.length)} deposit refunds stored, ${String(owed)} owed`);
  return {
    name: 'facts stored once and received',
    problems,
    figures: `${String(view.choices.length)} choices, ${String(view.events.length)} order events, ${String(view.returns.length)} returns (${String(view.returns.filter((r) => r.flagged).length)} flagged), ${String(view.receipts.size)} receipts (${String(missing)} missing), ${String(view.refunds.length)} deposit refunds`,
  };
}

/**
 * The stored compliance snapshots of the period equal the EPR rules applied to the facts as the API accepted them,
 * counted here independently of the service (packaging of orders not cancelled, units issued, units back unflagged,
 * each producer's latest report) and computed by the test's own plain reading of the rules (naive-epr.ts).
 */
export function expectedCompliance(setup: Setup, results: readonly StoryResult[]): NaiveScheme {
  const period = parsePeriod(setup.period);
  if (!period) throw new Error(`bad period ${setup.period}`);
  const answers = split(results);
  const types = new Map(setup.types.map((t) => [t.id, t]));
  const facts = new Map<string, { placed: Map<string, number>; collected: Partial<Record<Material, number>>; reported: NaiveProducerFacts['reported']; pendingReported: NaiveProducerFacts['reported'] }>();
  const producer = (index: number) => {
    const id = setup.producerIds[index] ?? '';
    const found = facts.get(id) ?? { placed: new Map<string, number>(), collected: {}, reported: {}, pendingReported: {} };
    facts.set(id, found);
    return found;
  };
  const place = (type: RegisteredType, units: number) => {
    const key = `${type.material}:${EPR_RULES.ragByGrade[type.grade]}`;
    const placed = producer(type.producer).placed;
    placed.set(key, (placed.get(key) ?? 0) + type.massGrams * units);
  };
  for (const o of answers.orders) {
    const type = o.choice?.packagingTypeId ? types.get(o.choice.packagingTypeId) : undefined;
    if (!type || type.packagingClass === 'REUSABLE' || o.cancelled) continue;
    place(type, 1);
  }
  for (const [typeId, units] of Object.entries(setup.unitsIssued)) {
    const type = types.get(typeId);
    if (type && units > 0) place(type, units);
  }
  // A reusable unit back is a reuse trip: it recovers no mass (GL-EPR-2026.2). The workload's loose returns name no
  // producer, so nothing here is collected for anyone.
  // A producer's report counts in its latest accepted revision; its latest revision, when newer and undecided, is
  // pending (shown, not counted).
  const linesOf = (report: ReportResult) => {
    const figures: Partial<Record<Material, { recoveredGrams: number; recycledGrams: number }>> = {};
    for (const line of report.lines) figures[line.material] = { recoveredGrams: line.recoveredGrams, recycledGrams: line.recycledGrams };
    return figures;
  };
  for (const index of new Set(answers.reports.map((r) => r.producer))) {
    const revisions = answers.reports.filter((r) => r.producer === index && r.revision > 0).sort((a, b) => a.revision - b.revision);
    const counted = revisions.filter((r) => r.decided === 'ACCEPTED').at(-1);
    const latest = revisions.at(-1);
    if (counted) producer(index).reported = linesOf(counted);
    if (latest && latest.decided === null && latest.revision > (counted?.revision ?? 0)) producer(index).pendingReported = linesOf(latest);
  }
  setup.producerIds.forEach((_, i) => producer(i));
  return naiveScheme(EPR_RULES, period.year, [...facts].map(([producerId, f]) => ({
    producerId,
    placed: [...f.placed].map(([key, grams]) => {
      const [material, rag] = key.split(':') as [Material, 'RED' | 'AMBER' | 'GREEN'];
      return { material, rag, grams };
    }),
    collected: f.collected,
    reported: f.reported,
    pendingReported: f.pendingReported,
  })));
}

export function checkCompliance(view: StoreView, setup: Setup, results: readonly StoryResult[]): Verdict {
  const expected = expectedCompliance(setup, results);
  const problems: string[] = [];
  const stored = view.snapshots.filter((s) => s.period === setup.period && s.ruleVersion === expected.ruleVersion);
  for (const p of expected.producers) {
    const snapshot = stored.find((s) => s.producerId.equals(new Types.ObjectId(p.producerId)));
    if (!snapshot) {
      problems.push(`producer ${p.producerId}: no snapshot for ${setup.period}`);
      continue;
    }
    const lineFigures = (lines: readonly NaiveLine[]) => [...lines].sort((a, b) => (a.material < b.material ? -1 : 1))
      .map((l) => ({
        material: l.material, placedOnMarketGrams: l.placedOnMarketGrams, recoveredGrams: l.recoveredGrams, recycledGrams: l.recycledGrams,
        pendingRecoveredGrams: l.pendingRecoveredGrams, pendingRecycledGrams: l.pendingRecycledGrams, recoveryRatePct: l.recoveryRatePct,
        recyclingRatePct: l.recyclingRatePct, targetPct: l.targetPct,
      }));
    // the green factor is a float computed in another order: equal to 9 places
    const got = { status: snapshot.status, feeMinor: snapshot.feeMinor, greenFactor: snapshot.greenFactor.toFixed(9), revenueNeutral: snapshot.revenueNeutral, lines: lineFigures(snapshot.lines) };
    const want = { status: p.status, feeMinor: p.feeMinor, greenFactor: expected.greenFactor.toFixed(9), revenueNeutral: expected.revenueNeutral, lines: lineFigures(p.lines) };
    const lineFees = snapshot.lines.reduce((sum, l) => sum + l.feeMinor, 0);
    if (lineFees !== snapshot.feeMinor) problems.push(`producer ${p.producerId}: line fees sum to ${String(lineFees)}, the fee is ${String(snapshot.feeMinor)}`);
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`producer ${p.producerId}: stored ${JSON.stringify(got)}\n    recomputed ${JSON.stringify(want)}`);
  }
  if (stored.length !== expected.producers.length) problems.push(`${String(stored.length)} snapshots for ${setup.period}, ${String(expected.producers.length)} producers`);
  const placed = expected.producers.reduce((s, p) => s + p.lines.reduce((t, l) => t + l.placedOnMarketGrams, 0), 0);
  return { name: 'compliance equals a recomputation', problems, figures: `${String(expected.producers.length)} producers, ${String(placed)} g placed, fees ${expected.producers.map((p) => p.feeMinor).join(' / ')} minor, green factor ${expected.greenFactor.toFixed(4)}` };
}

/**
 * The daily item limit under races (abusive piles sent at once, retries, API kills): every loose return credited to a
 * consumer holds exactly one slot of its consumer-day tally, the slots run 1..n with each total the previous plus
 * the return's items, and a return is flagged for too many items exactly when its slot's total passes the limit.
 */
export async function checkDailyItemLimit(models: Models): Promise<Verdict> {
  const [slots, returns] = await Promise.all([
    models.TallySlot.find({ _id: { $gte: 'items:', $lt: 'items;' } }).lean(),
    models.ReturnEvent.find({ kind: 'LOOSE', consumerRef: { $ne: null } }, { collectorId: 1, idempotencyKey: 1, quantity: 1, reasons: 1 }).lean(),
  ]);
  const byKey = new Map(returns.map((r) => [`${r.collectorId.toHexString()}:${r.idempotencyKey}`, r]));
  const tallies = new Map<string, { seq: number; contributor: string; amount: number; total: number }[]>();
  for (const slot of slots) {
    const cut = slot._id.lastIndexOf(':');
    const name = slot._id.slice(0, cut);
    tallies.set(name, [...(tallies.get(name) ?? []), { seq: Number(slot._id.slice(cut + 1)), contributor: slot.contributor, amount: slot.amount, total: slot.total }]);
  }
  const problems: string[] = [];
  const slotted = new Set<string>();
  let flagged = 0;
  for (const [name, chain] of tallies) {
    chain.sort((a, b) => a.seq - b.seq);
    let total = 0;
    chain.forEach((slot, i) => {
      if (slot.seq !== i + 1) problems.push(`${name}: slot ${String(i + 1)} missing`);
      if (slot.total !== total + slot.amount) problems.push(`${name}:${String(slot.seq)}: total ${String(slot.total)} is not ${String(total)} + ${String(slot.amount)}`);
      total = slot.total;
      if (slotted.has(slot.contributor)) problems.push(`${slot.contributor}: counted twice`);
      slotted.add(slot.contributor);
      const returned = byKey.get(slot.contributor);
      if (!returned) return; // a request refused after its slot, or still to be retried: counted, which only flags more
      if (returned.quantity !== slot.amount) problems.push(`${slot.contributor}: ${String(returned.quantity)} items, counted ${String(slot.amount)}`);
      const flaggedForItems = returned.reasons.some((r) => r.includes('items from one consumer today'));
      if (flaggedForItems) flagged += 1;
      if (flaggedForItems !== slot.total > RECYCLING_RULES.maxItemsPerConsumerPerDay) {
        problems.push(`${slot.contributor}: ${flaggedForItems ? 'flagged' : 'not flagged'} at ${String(slot.total)} items that day (limit ${String(RECYCLING_RULES.maxItemsPerConsumerPerDay)})`);
      }
    });
  }
  for (const key of byKey.keys()) if (!slotted.has(key)) problems.push(`${key}: a loose return credited to a consumer that no tally counted`);
  return { name: 'daily item limit under races', problems, figures: `${String(tallies.size)} consumer-days, ${String(slots.length)} returns counted, ${String(flagged)} flagged for too many items` };
}
