// The two requests the quote benchmark alternates on the same /graphql endpoint: a checkout's quote for a realistic
// parcel (a shoe box: 280x180x90 mm, 1.2 kg), the `Quote` operation of bench/operations.graphql, and the least a
// GraphQL request can ask (`{ __typename }`), which costs the HTTP, authentication and GraphQL layers and nothing
// else. The baseline stays an anonymous literal, outside bench/operations.graphql (whose lint wants every operation
// named): a name would add an operationName to its body and a name for the service to look up, and the baseline
// measures the least a request can be.
import { PRICED_CLASSES } from '../../server/domain/pricing-rules.js';
import { QuoteDocument, type QuoteQuery } from '../generated/graphql.js';
import { postGraphql, readData, requestBody } from '../graphql-operations.js';

export const PARCEL = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 1200 } as const;
export const CONSUMER_REF = 'bench-consumer-0001';

export const TRIVIAL_QUERY = '{ __typename }';

/** The quote's body, serialised once: autocannon sends it as it is. */
export const quoteBody = (): string => requestBody(QuoteDocument, { parcel: PARCEL, consumerRef: CONSUMER_REF });

export const trivialBody = (): string => JSON.stringify({ query: TRIVIAL_QUERY });

export type QuoteReply = NonNullable<QuoteQuery['packagingOptions']>;

/**
 * One request of each kind before any load, with the bodies the load sends: both answer 200 with data and no errors;
 * the quote offers an option of every priced class (the catalogue index holds them all) and the trivial operation
 * answers its type name.
 */
export async function sanityCheck(graphqlUrl: string, key: string): Promise<QuoteReply> {
  // The same bytes as quoteBody(): postGraphql serialises the document and variables as it does.
  const { packagingOptions: quote } = await postGraphql(graphqlUrl, key, QuoteDocument, { parcel: PARCEL, consumerRef: CONSUMER_REF });
  if (quote === null) throw new Error('quote sanity check failed: packagingOptions answered null');
  const missing = PRICED_CLASSES.filter((c) => !quote.options.some((o) => o.packagingClass === c));
  if (missing.length > 0) {
    throw new Error(`the parcel gets no ${missing.join(', ')} option (${JSON.stringify(quote.options.map((o) => o.packagingClass))}); the benchmark quotes every class`);
  }
  // A 429 here means the service's rate limit is on; the benchmark's service runs with it off (stack.ts).
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: trivialBody(),
  });
  const trivial = readData(TRIVIAL_QUERY, response.status, await response.text());
  if (trivial.__typename !== 'Query') throw new Error(`${TRIVIAL_QUERY} answered ${JSON.stringify(trivial)}`);
  return quote;
}
