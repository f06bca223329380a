// The two requests the quote benchmark alternates on the same /graphql endpoint: a checkout's quote for a realistic
// parcel (a shoe box: 280x180x90 mm, 1.2 kg), and the least a GraphQL request can ask (`{ __typename }`), which
// costs the HTTP, authentication and GraphQL layers and nothing else.
import { PRICED_CLASSES } from '../../server/domain/pricing-rules.js';

export const PARCEL = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 1200 } as const;
export const CONSUMER_REF = 'bench-consumer-0001';

/** The fields a checkout asks for. */
export const QUOTE_QUERY = `query Quote($parcel: ParcelInput!, $consumerRef: String!) {
  packagingOptions(parcel: $parcel, consumerRef: $consumerRef) {
    id expiresAt
    options { id packagingClass packagingType { id sku } priceMinor depositMinor currency credits emptySpaceRatio recommended }
  }
}`;

export const TRIVIAL_QUERY = '{ __typename }';

export const quoteBody = (): string =>
  JSON.stringify({ operationName: 'Quote', query: QUOTE_QUERY, variables: { parcel: PARCEL, consumerRef: CONSUMER_REF } });

export const trivialBody = (): string => JSON.stringify({ query: TRIVIAL_QUERY });

export interface QuoteReply {
  readonly id: string;
  readonly expiresAt: string;
  readonly options: readonly {
    readonly id: string;
    readonly packagingClass: string;
    readonly packagingType: { readonly id: string; readonly sku: string } | null;
    readonly priceMinor: number;
    readonly depositMinor: number;
    readonly currency: string;
    readonly credits: number;
    readonly emptySpaceRatio: number;
    readonly recommended: boolean;
  }[];
}

async function post(url: string, key: string, body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as unknown };
  } catch {
    throw new Error(`${url} answered ${String(response.status)} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function asQuote(value: unknown, where: string): QuoteReply {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.expiresAt !== 'string' || !Array.isArray(value.options)) {
    throw new Error(`${where}: not a quote: ${JSON.stringify(value).slice(0, 300)}`);
  }
  return value as unknown as QuoteReply;
}

/** GraphQL `data` of a 200 answer without errors; throws otherwise. */
async function dataOf(url: string, key: string, body: string, what: string): Promise<Record<string, unknown>> {
  const { status, json } = await post(url, key, body);
  if (status !== 200 || !isRecord(json) || json.errors !== undefined || !isRecord(json.data)) {
    // A 429 here means the service's rate limit is on; the benchmark's service runs with it off (stack.ts).
    throw new Error(`${what} sanity check failed (${String(status)}): ${JSON.stringify(json).slice(0, 500)}`);
  }
  return json.data;
}

/**
 * One request of each kind before any load: both answer 200 with data and no errors; the quote offers an option of
 * every priced class (the catalogue index holds them all) and the trivial operation answers its type name.
 */
export async function sanityCheck(graphqlUrl: string, key: string): Promise<QuoteReply> {
  const quote = asQuote((await dataOf(graphqlUrl, key, quoteBody(), 'quote')).packagingOptions, 'packagingOptions');
  const missing = PRICED_CLASSES.filter((c) => !quote.options.some((o) => o.packagingClass === c));
  if (missing.length > 0) {
    throw new Error(`the parcel gets no ${missing.join(', ')} option (${JSON.stringify(quote.options.map((o) => o.packagingClass))}); the benchmark quotes every class`);
  }
  const trivial = await dataOf(graphqlUrl, key, trivialBody(), '{ __typename }');
  if (trivial.__typename !== 'Query') throw new Error(`{ __typename } answered ${JSON.stringify(trivial)}`);
  return quote;
}
