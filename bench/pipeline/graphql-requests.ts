// The three operations a checkout makes for one order, as a platform sends them: a quote (`Quote`), the consumer's
// choice (`Choose`, with an idempotency key, as the API recommends), and later the delivery (`Deliver`). The documents
// are in bench/operations.graphql; the load driver sends the last two, this module the quotes made before the load.
import { QuoteDocument, type ParcelInput, type QuoteQuery } from '../generated/graphql.js';
import { postGraphql } from '../graphql-operations.js';

export type Quoted = NonNullable<QuoteQuery['packagingOptions']>;
export type QuotedOption = Quoted['options'][number];

export async function requestQuote(url: string, apiKey: string, parcel: ParcelInput, consumerRef: string): Promise<Quoted> {
  const { packagingOptions } = await postGraphql(url, apiKey, QuoteDocument, { parcel, consumerRef });
  if (packagingOptions === null) throw new Error(`packagingOptions answered null for ${consumerRef}`);
  return packagingOptions;
}
