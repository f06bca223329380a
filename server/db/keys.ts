// Every composite key the service stores or hands across modules, built and read back here and nowhere else: document
// ids, the ledger's idempotency keys and source facts, fact receipts and job ids, and the API's option ids. The
// formats are stored data: changing one strands what was written under it (test/unit/keys.test.ts pins each).
import type { Types } from 'mongoose';
import type { UnitEventType } from '../domain/reusable-unit.js';

const hex = (id: Types.ObjectId | string): string => (typeof id === 'string' ? id : id.toHexString());

// ---- Accounts and the credit ledger ----

/** A consumer's account at a platform; also the prefix of its entries' ids. */
export const accountOf = (platformId: Types.ObjectId, consumerRef: string): string => `${hex(platformId)}:${consumerRef}`;

/** The prefix every account of a platform (and every entry in them) starts with. */
export const platformPrefixOf = (platformId: Types.ObjectId): string => `${hex(platformId)}:`;

/** The ids of a platform's accounts and entries, a range of the primary key: after the prefix, before the next (';' follows ':'). */
export const platformRangeOf = (platformId: Types.ObjectId): { readonly $gt: string; readonly $lt: string } => ({ $gt: platformPrefixOf(platformId), $lt: `${hex(platformId)};` });

/** An entry's id: its account and its place in it. */
export const entryIdOf = (account: string, seq: number): string => `${account}:${String(seq)}`;

/** The ledger's key document of a movement: the platform and the movement's idempotency key. */
export const creditKeyIdOf = (platformId: Types.ObjectId, idempotencyKey: string): string => `${hex(platformId)}:${idempotencyKey}`;

/** The system account an entry moves credits against, one per platform. */
export const counterpartyOf = (system: string, platformId: Types.ObjectId): string => `${system}:${hex(platformId)}`;

/** The platform (as hex) a counterparty account belongs to. */
export const platformOfCounterparty = (counterparty: string): string => counterparty.split(':')[1] ?? '';

/** The idempotency key of each movement a fact or a request makes: once per key, whoever retries. */
export const ledgerKeys = {
  choiceEarn: (choiceId: string) => `choice:${choiceId}:earn`,
  choiceSettle: (choiceId: string) => `choice:${choiceId}:settle`,
  choiceReverse: (choiceId: string) => `choice:${choiceId}:reverse`,
  returnEarn: (returnId: string) => `return:${returnId}:earn`,
  returnPost: (returnId: string) => `return:${returnId}:post`,
  redemption: (idempotencyKey: string) => `redeem:${idempotencyKey}`,
  adjustment: (idempotencyKey: string) => `adjust:${idempotencyKey}`,
  /** A lot's expiry as seen from one head: a lot is expired once per state of the account. */
  expiry: (consumerRef: string, lotSeq: number, headSeq: number) => `expiry:${consumerRef}:${String(lotSeq)}@${String(headSeq)}`,
  hold: (idempotencyKey: string) => `hold:${idempotencyKey}`,
  holdSettle: (holdId: string) => `hold-settle:${holdId}`,
  reverseRedemption: (entryId: string) => `reverse-redemption:${entryId}`,
} as const;

/** The fact or request each ledger entry comes from. */
export const sourceFacts = {
  choice: (choiceId: string) => `choice:${choiceId}`,
  orderEvent: (eventId: string) => `order-event:${eventId}`,
  return: (returnId: string) => `return:${returnId}`,
  redemption: (idempotencyKey: string) => `redeem:${idempotencyKey}`,
  adjustment: (idempotencyKey: string) => `adjust:${idempotencyKey}`,
  expiry: (consumerRef: string, lotSeq: number) => `expiry:${consumerRef}:${String(lotSeq)}`,
  hold: (holdId: string) => `hold:${holdId}`,
  holdTimeout: (holdId: string) => `hold-timeout:${holdId}`,
  /** A hold captured or voided by a request (a timeout is `holdTimeout`). */
  holdSettled: (how: 'capture' | 'void', idempotencyKey: string) => `hold-${how}:${idempotencyKey}`,
  reverseRedemption: (idempotencyKey: string) => `reverse-redemption:${idempotencyKey}`,
} as const;

/** The hold a HOLD entry's source fact names. */
export const holdIdOfSource = (sourceFact: string): string => sourceFact.replace(/^hold:/, '');

// ---- Checkout ----

/** An order of a platform: its choice's key, and how counts and tallies name the order. */
export const orderKeyOf = (platformId: Types.ObjectId, orderRef: string): string => `${hex(platformId)}:${orderRef}`;

/** The reservation of an order's one ending (delivered or cancelled). */
export const orderEndingKeyOf = (platformId: Types.ObjectId, orderRef: string): string => `${orderKeyOf(platformId, orderRef)}:END`;

/** A client's idempotency key for one operation of a platform. */
export const requestKeyIdOf = (platformId: Types.ObjectId, operation: string, idempotencyKey: string): string =>
  `${hex(platformId)}:${operation}:${idempotencyKey}`;

/** An option's id as the API shows it (`<quoteId>:o1`): unique everywhere, so client caches can key by it. */
export const optionIdOf = (quoteId: Types.ObjectId, localId: string): string => `${hex(quoteId)}:${localId}`;

/** An option's id within its quote (`o1`), from either form the API accepts; '' when it names another quote. */
export function localOptionId(optionId: string, quoteId: Types.ObjectId): string {
  const [prefix, local] = optionId.split(':');
  if (local === undefined) return optionId;
  return prefix === hex(quoteId) ? local : '';
}

// ---- Facts, receipts and jobs ----

/** The receipt of a fact's job (its credits moved), or of a one-off run such as a reclassification. */
export const factReceiptIdOf = (kind: string, factId: string): string => `${kind}:${factId}`;

/** The receipt of a fact held for review (a flagged return). */
export const heldReceiptIdOf = (kind: string, factId: string): string => `${factReceiptIdOf(kind, factId)}:held`;

/** A fact's job id: one job per fact, or per fact and reason to run it `again`. */
export const factJobIdOf = (kind: string, factId: string, again = ''): string => (again === '' ? `${kind}:${factId}` : `${kind}:${factId}:${again}`);

/** A compliance recomputation of a period, once per cause (and step of that cause). */
export const complianceJobIdOf = (period: string, causeId: Types.ObjectId, step = ''): string => `compliance:${period}:${hex(causeId)}${step}`;

// ---- Returns and reusable units ----

/** A collector's idempotency key for a return. */
export const returnKeyOf = (collectorId: Types.ObjectId, idempotencyKey: string): string => `${hex(collectorId)}:${idempotencyKey}`;

/** One trip of a reusable unit: its deposit refund's id, and how the region's tally counts it. */
export const tripKeyOf = (serial: string, cycle: number): string => `${serial}:${String(cycle)}`;

/** A unit's fact of one trip: its uniqueness is the guarantee that a trip ships once and comes back once. */
export const unitFactId = (serial: string, cycle: number, type: UnitEventType): string => `${serial}:${String(cycle)}:${type}`;

/** The slot of an order's reusable shipment (an order ships as many units as its choice covers). */
export const orderSlotIdOf = (platformId: Types.ObjectId, orderRef: string, slot: number): string => `${orderKeyOf(platformId, orderRef)}:${String(slot)}`;

/** A consumer's loose items returned in a UTC day. */
export const itemsTallyOf = (platformId: Types.ObjectId, consumerRef: string, utcDay: string): string => `items:${hex(platformId)}:${consumerRef}:${utcDay}`;

/** Unit returns in a region in a UTC day. */
export const regionReturnsTallyOf = (region: string, utcDay: string): string => `region-returns:${region}:${utcDay}`;

// ---- Catalog, campaigns, contacts, rule sets, snapshots ----

/** A producer's SKU (case-insensitive): one packaging type per SKU. */
export const skuKeyOf = (producerId: Types.ObjectId, sku: string): string => `${hex(producerId)}:${sku.toUpperCase()}`;

/** A version of a platform's campaign; also its id in the API. */
export const campaignIdOf = (platformId: Types.ObjectId, ref: string, version: number): string => `${hex(platformId)}:${ref}:${String(version)}`;

/** A consumer's one claim on a first-green-choice campaign. */
export const campaignClaimIdOf = (platformId: Types.ObjectId, ref: string, consumerRef: string): string => `${hex(platformId)}:${ref}:${consumerRef}`;

/** A revision of a consumer's contact. */
export const contactRevisionIdOf = (account: string, revision: number): string => `${account}:${String(revision)}`;

/** A version of a platform's assortment for a warehouse ('' for the platform's own); its id in the API. */
export const assortmentIdOf = (platformId: Types.ObjectId, warehouseRef: string, version: number): string => `${hex(platformId)}/${warehouseRef}/${String(version)}`;

/** A version of a rule set of one kind; also its id in the API. */
export const ruleSetIdOf = (kind: string, version: string): string => `${kind}:${version}`;

/** A producer's compliance for a period under one rule version. */
export const complianceSnapshotIdOf = (producerId: Types.ObjectId | string, period: string, ruleVersion: string): string => `${hex(producerId)}:${period}:${ruleVersion}`;

/** Green-impact figures of a period for a scope (an organization's id, or all). */
export const impactSnapshotIdOf = (period: string, scope: string): string => `${period}:${scope}`;

// ---- Mails (a mail is queued once per key) ----

export const mailKeys = {
  /** A consumer is warned once per lot. */
  expiryWarning: (account: string, lotSeq: number) => `expiry-warning:${account}:${String(lotSeq)}`,
  /** A producer's closing of a period under one rule version. */
  complianceClosing: (producerId: string, closedAt: string, ruleVersion: string) => `compliance-closing:${producerId}:${closedAt}:${ruleVersion}`,
  /** A snapshot's report as mailed before closings were one mail (read, never written now). */
  complianceReport: (snapshotId: string) => `compliance-report:${snapshotId}`,
  /** The operator's reconciliation alarm, once per hour. */
  reconciliation: (hour: string) => `reconciliation:${hour}`,
} as const;

// ---- Tallies (counted once per contributor) ----

/** A tally's nth slot. */
export const tallySlotIdOf = (tally: string, seq: number): string => `${tally}:${String(seq)}`;

/** A contributor's one claim on a tally (`|`: a contributor may hold ':'). */
export const tallyKeyIdOf = (tally: string, contributor: string): string => `${tally}|${contributor}`;

// ---- Redis keys and job ids ----

/** A quote's offer while it lasts. */
export const quoteOfferKeyOf = (quoteId: Types.ObjectId): string => `quote:${hex(quoteId)}`;

/** A month's counts of parcel sizes nothing fits. */
export const rightSizingKeyOf = (month: string): string => `right-sizing:${month}`;

/** A generation of the green-level records' copy. */
export const levelRecordsKeyOf = (generation: string): string => `levels:${generation}`;

/** A mail's delivery job. */
export const mailJobIdOf = (mailId: string): string => `mail:${mailId}`;

// ---- Sealing contexts (personal data opens only where it was sealed) ----

/** A mail's sealed recipient: copied into another mail, it does not open. */
export const mailSealContextOf = (mailId: Types.ObjectId): string => `mails:${hex(mailId)}`;

/** A consumer's sealed address, bound to the account. */
export const contactSealContextOf = (account: string): string => `consumer_contacts:${account}`;
