import { Types } from 'mongoose';
import type { OrderEventDoc, PackagingChoiceDoc } from '../db/models/order-facts.js';
import type { QuoteOption } from '../db/models/quote.js';
import { CAMPAIGN_KINDS, type CampaignCredit, type CampaignKind } from '../domain/campaigns.js';

// A fact's job may carry the fact as the API recorded it, so the job need not read it back from the store. Facts are
// inserted once and never edited, so the copy is the stored document: the API puts it in the job only after its
// insert succeeded. The job reads the store when the copy is missing (the fact sweep enqueues by id) or does not
// parse. In the job the copy is JSON: ids are hex strings and dates ISO strings, revived here.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function objectId(value: unknown): Types.ObjectId | null {
  if (value instanceof Types.ObjectId) return value;
  return typeof value === 'string' && /^[0-9a-f]{24}$/.test(value) ? new Types.ObjectId(value) : null;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

function option(value: unknown): QuoteOption | null {
  if (!isObject(value)) return null;
  const packagingTypeId = value.packagingTypeId === null ? null : objectId(value.packagingTypeId);
  const revision = value.packagingTypeRevision === null ? null : integer(value.packagingTypeRevision);
  const id = text(value.id);
  const packagingClass = text(value.packagingClass);
  const currency = text(value.currency);
  const [priceMinor, depositMinor, credits] = [integer(value.priceMinor), integer(value.depositMinor), integer(value.credits)];
  const { emptySpaceRatio, recommended } = value;
  if (id === null || packagingClass === null || currency === null || priceMinor === null || depositMinor === null || credits === null) return null;
  if ((value.packagingTypeId !== null && !packagingTypeId) || (value.packagingTypeRevision !== null && revision === null)) return null;
  if (typeof emptySpaceRatio !== 'number' || typeof recommended !== 'boolean') return null;
  const revived: QuoteOption = { id, packagingClass: packagingClass as QuoteOption['packagingClass'], packagingTypeId, packagingTypeRevision: revision, priceMinor, depositMinor, currency, credits, emptySpaceRatio, recommended };
  // Added later, so optional; present but unreadable makes the copy unreadable (the job then reads the store).
  const optional = <T>(key: string, read: (v: unknown) => T | null): T | undefined | null => (value[key] === undefined ? undefined : read(value[key]));
  const [co2eGrams, co2eAvoidedGrams, carbonVersion, campaignCredits] = [
    optional('co2eGrams', integer), optional('co2eAvoidedGrams', integer), optional('carbonVersion', text), optional('campaignCredits', campaignLines),
  ];
  if (co2eGrams === null || co2eAvoidedGrams === null || carbonVersion === null || campaignCredits === null) return null;
  return {
    ...revived,
    ...(co2eGrams === undefined ? {} : { co2eGrams }),
    ...(co2eAvoidedGrams === undefined ? {} : { co2eAvoidedGrams }),
    ...(carbonVersion === undefined ? {} : { carbonVersion }),
    ...(campaignCredits === undefined ? {} : { campaignCredits }),
  };
}

/** An option's campaign lines; null when any does not read. */
function campaignLines(value: unknown): CampaignCredit[] | null {
  if (!Array.isArray(value)) return null;
  const lines: CampaignCredit[] = [];
  for (const item of value) {
    if (!isObject(item)) return null;
    const [ref, name, kind, version, credits] = [text(item.ref), text(item.name), text(item.kind), integer(item.version), integer(item.credits)];
    if (ref === null || name === null || version === null || credits === null || kind === null || !(CAMPAIGN_KINDS as readonly string[]).includes(kind)) return null;
    lines.push({ ref, version, name, kind: kind as CampaignKind, credits });
  }
  return lines;
}

/** The recorded choice `id` from a job's copy; null when there is none or it is not that choice. */
export function recordedChoice(copy: unknown, id: string): PackagingChoiceDoc | null {
  if (!isObject(copy)) return null;
  const [_id, platformId, quoteId] = [objectId(copy._id), objectId(copy.platformId), objectId(copy.quoteId)];
  const [orderRef, consumerRef, createdAt, chosen] = [text(copy.orderRef), text(copy.consumerRef), date(copy.createdAt), option(copy.option)];
  if (!_id || _id.toHexString() !== id || !platformId || !quoteId || orderRef === null || consumerRef === null || !createdAt || !chosen) return null;
  return { _id, platformId, orderRef, consumerRef, quoteId, option: chosen, createdAt };
}

/** The recorded order event `id` from a job's copy; null when there is none or it is not that event. */
export function recordedOrderEvent(copy: unknown, id: string): OrderEventDoc | null {
  if (!isObject(copy)) return null;
  const [_id, platformId] = [objectId(copy._id), objectId(copy.platformId)];
  const choiceId = copy.choiceId === null || copy.choiceId === undefined ? null : objectId(copy.choiceId);
  const [orderRef, type, occurredAt, createdAt] = [text(copy.orderRef), text(copy.type), date(copy.occurredAt), date(copy.createdAt)];
  if (!_id || _id.toHexString() !== id || !platformId || orderRef === null || !occurredAt || !createdAt) return null;
  if (type !== 'DELIVERED' && type !== 'CANCELLED') return null;
  if (copy.choiceId !== null && copy.choiceId !== undefined && !choiceId) return null;
  return { _id, platformId, orderRef, type, choiceId, occurredAt, createdAt };
}
