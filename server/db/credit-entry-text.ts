import type { CreditEntryDetail, CreditEntryDoc, CreditEntryModel, StoredCreditEntryDoc } from './models/credit-entry.js';

// A ledger entry's lists (allocations, lots, holds, recent earnings) are stored as one JSON string. The embedded store
// keeps a document as JSON with a type schema and encodes and decodes nested values field by field, and each of the
// entries' secondary indexes reads the document's JSON: an entry with 8 lots and 4 days of earnings cost it 0.75-0.93
// ms of CPU per insert nested, 0.48-0.55 ms with its lists as one string (BENCHMARKS.md, twelfth session). MongoDB
// reads and writes either shape as cheaply; nothing queries inside the lists.

type Stored = Partial<StoredCreditEntryDoc>;

/** The entry as the store keeps it. */
export function storedEntryOf(entry: CreditEntryDoc): StoredCreditEntryDoc {
  const { allocations, lots, holds, recentEarnings, ...flat } = entry;
  // Only an account with open holds carries them: absent reads as none.
  const detail = holds === undefined ? { allocations, lots, recentEarnings } : { allocations, lots, holds, recentEarnings };
  return { ...flat, detailText: JSON.stringify(detail) };
}

/** The lists of a stored entry (or of the part of it a projection read, `detailText` and the nested lists included). */
export function detailOf(stored: Stored): CreditEntryDetail {
  if (stored.detailText === undefined) {
    const { allocations = [], lots = [], holds, recentEarnings = [] } = stored;
    return holds === undefined ? { allocations, lots, recentEarnings } : { allocations, lots, holds, recentEarnings };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(stored.detailText);
  } catch {
    detail = null;
  }
  const lists = detail as Partial<Record<keyof CreditEntryDetail, unknown>> | null;
  if (!lists || !Array.isArray(lists.allocations) || !Array.isArray(lists.lots) || !Array.isArray(lists.recentEarnings) || !(lists.holds === undefined || Array.isArray(lists.holds))) {
    // An entry is money on record: one that cannot be read is an error to look into, never an empty account.
    throw new Error(`credit entry ${stored._id ?? '?'}: its stored detail is not readable`);
  }
  return detail as CreditEntryDetail;
}

/** The entry a stored one is, whichever shape it was written in. */
export function entryFromStored(stored: StoredCreditEntryDoc): CreditEntryDoc {
  const entry: CreditEntryDoc & { detailText?: string } = { ...stored, ...detailOf(stored) };
  delete entry.detailText;
  return entry;
}

/** The entry with this id (one read by the primary key), whichever shape it was stored in. */
export async function entryById(CreditEntry: CreditEntryModel, id: string): Promise<CreditEntryDoc | null> {
  const stored = await CreditEntry.findById(id).lean();
  return stored ? entryFromStored(stored) : null;
}
