// The one request both routes are loaded with: a realistic parcel (a shoe box: 280x180x90 mm, 1.2 kg).

export const PARCEL = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 1200 } as const;
export const CONSUMER_REF = 'bench-consumer-0001';

/** The fields a checkout asks for; the bare route replies with exactly these. */
export const QUOTE_QUERY = `query Quote($parcel: ParcelInput!, $consumerRef: String!) {
  packagingOptions(parcel: $parcel, consumerRef: $consumerRef) {
    id expiresAt
    options { id packagingClass packagingType { id sku } priceMinor depositMinor currency credits emptySpaceRatio recommended }
  }
}`;

export const graphqlBody = (): string =>
  JSON.stringify({ operationName: 'Quote', query: QUOTE_QUERY, variables: { parcel: PARCEL, consumerRef: CONSUMER_REF } });

export const bareBody = (): string => JSON.stringify({ parcel: PARCEL, consumerRef: CONSUMER_REF });

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

/** The options without what differs between two quotes: their ids (option ids start with the quote's) and times. */
const comparable = (quote: QuoteReply): string =>
  JSON.stringify(quote.options.map((o) => ({ ...o, id: o.id.startsWith(`${quote.id}:`) ? o.id.slice(quote.id.length) : `?${o.id}` })));

/**
 * One request to each route before any load: both answer 200, GraphQL with data and no errors, and both offer the
 * same options (the same store work), with enough options to be a realistic checkout.
 */
export async function sanityCheck(graphqlUrl: string, bareUrl: string, key: string): Promise<QuoteReply> {
  const gql = await post(graphqlUrl, key, graphqlBody());
  if (gql.status !== 200 || !isRecord(gql.json) || gql.json.errors !== undefined || !isRecord(gql.json.data)) {
    throw new Error(`GraphQL sanity check failed (${String(gql.status)}): ${JSON.stringify(gql.json).slice(0, 500)}`);
  }
  const viaGraphql = asQuote(gql.json.data.packagingOptions, 'GraphQL packagingOptions');
  const bare = await post(bareUrl, key, bareBody());
  if (bare.status !== 200) throw new Error(`bare route sanity check failed (${String(bare.status)}): ${JSON.stringify(bare.json).slice(0, 500)}`);
  const viaBare = asQuote(bare.json, 'bare /bare/quote');
  if (comparable(viaGraphql) !== comparable(viaBare)) {
    throw new Error(`the routes disagree:\n  graphql ${comparable(viaGraphql)}\n  bare    ${comparable(viaBare)}`);
  }
  if (viaGraphql.options.length < 3) {
    throw new Error(`the parcel gets ${String(viaGraphql.options.length)} options; the benchmark needs a realistic 3 to 5`);
  }
  return viaGraphql;
}
