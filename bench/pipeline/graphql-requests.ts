// The three operations a checkout makes for one order, as a platform sends them: a quote, the consumer's choice
// (with an idempotency key, as the API recommends), and later the delivery.
import type { ParcelInput } from '../../server/domain/parcel-fit.js';

export const QUOTE_DOCUMENT = `query Quote($parcel: ParcelInput!, $consumerRef: String!) {
  packagingOptions(parcel: $parcel, consumerRef: $consumerRef) {
    id
    options { id packagingClass priceMinor credits recommended }
  }
}`;

export const CHOOSE_DOCUMENT = `mutation Choose($input: ChoosePackagingInput!) {
  choosePackaging(input: $input) { choice { id orderRef } userErrors { code field message } }
}`;

export const DELIVER_DOCUMENT = `mutation Deliver($input: OrderEventInput!) {
  recordOrderEvent(input: $input) { accepted userErrors { code field message } }
}`;

export interface QuotedOption {
  readonly id: string;
  readonly packagingClass: string;
  readonly priceMinor: number;
  readonly credits: number;
  readonly recommended: boolean;
}

export interface Quoted {
  readonly id: string;
  readonly options: readonly QuotedOption[];
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** POSTs one operation; returns `data`, or throws on a non-200 answer or any GraphQL error. */
export async function postGraphql(url: string, apiKey: string, operationName: string, query: string, variables: object): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ operationName, query, variables }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${operationName}: ${String(response.status)} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || !isRecord(json) || json.errors !== undefined || !isRecord(json.data)) {
    throw new Error(`${operationName} failed (${String(response.status)}): ${text.slice(0, 500)}`);
  }
  return json.data;
}

function asQuoted(value: unknown): Quoted {
  if (!isRecord(value) || typeof value.id !== 'string' || !Array.isArray(value.options)) {
    throw new Error(`packagingOptions: not a quote: ${JSON.stringify(value).slice(0, 300)}`);
  }
  const options = value.options.map((o: unknown): QuotedOption => {
    if (!isRecord(o) || typeof o.id !== 'string' || typeof o.packagingClass !== 'string' || typeof o.priceMinor !== 'number' ||
      typeof o.credits !== 'number' || typeof o.recommended !== 'boolean') {
      throw new Error(`packagingOptions: not an option: ${JSON.stringify(o).slice(0, 300)}`);
    }
    return { id: o.id, packagingClass: o.packagingClass, priceMinor: o.priceMinor, credits: o.credits, recommended: o.recommended };
  });
  return { id: value.id, options };
}

export async function requestQuote(url: string, apiKey: string, parcel: ParcelInput, consumerRef: string): Promise<Quoted> {
  const data = await postGraphql(url, apiKey, 'Quote', QUOTE_DOCUMENT, { parcel, consumerRef });
  return asQuoted(data.packagingOptions);
}

/** The payload's userErrors, as text; empty when there are none. */
export function userErrorsOf(payload: unknown): string {
  if (!isRecord(payload) || !Array.isArray(payload.userErrors)) return `no payload: ${JSON.stringify(payload).slice(0, 200)}`;
  return payload.userErrors.length === 0 ? '' : JSON.stringify(payload.userErrors).slice(0, 300);
}
