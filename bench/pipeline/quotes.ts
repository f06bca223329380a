import { requestQuote } from './graphql-requests.js';
import { orderRandom, parcelOf, pickOption, type PlannedOrder, type QuotedOrder } from './order-mix.js';

const ATTEMPTS = 3;

/**
 * Quotes one order through GraphQL and picks the consumer's option. When no option earns credits (the parcel fits
 * only STANDARD or REUSABLE packaging), the consumer ships the item in its own packaging instead, which always does.
 */
async function quoteOrder(url: string, apiKey: string, order: PlannedOrder): Promise<QuotedOrder> {
  const rng = orderRandom(order);
  let parcel = order.parcel;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const quote = await requestQuote(url, apiKey, parcel, order.consumerRef);
    const option = pickOption(rng, quote.options);
    if (option) {
      return {
        orderRef: order.orderRef,
        quoteId: quote.id,
        optionId: option.id,
        consumerRef: order.consumerRef,
        packagingClass: option.packagingClass,
        credits: option.credits,
        optionsOffered: quote.options.length,
      };
    }
    // Again in its own packaging; a last try, another product in its own packaging.
    parcel = attempt === 1 ? { ...parcel, shipsInOwnPackaging: true } : { ...parcelOf(rng), shipsInOwnPackaging: true };
  }
  throw new Error(`order ${order.orderRef}: no quote offered an option that earns credits`);
}

/**
 * Quotes every order before any load (quotes are not what is measured), a few at a time; the result keeps the
 * plan's order.
 */
export async function prepareQuotes(
  url: string,
  apiKey: string,
  orders: readonly PlannedOrder[],
  concurrency: number,
  signal: AbortSignal,
  progress: (done: number) => void,
): Promise<QuotedOrder[]> {
  const quoted: QuotedOrder[] = new Array<QuotedOrder>(orders.length);
  let next = 0;
  let done = 0;
  const loop = async (): Promise<void> => {
    for (let i = next++; i < orders.length; i = next++) {
      signal.throwIfAborted();
      const order = orders[i];
      if (!order) continue;
      quoted[i] = await quoteOrder(url, apiKey, order);
      done += 1;
      if (done % 25 === 0) progress(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return quoted;
}
