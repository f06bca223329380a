// A real third-party client against the running service (issue #19): Apollo Client, with the cache settings the
// docs/api.md's "A typed client" section gives, runs checkout -> delivery -> posted credits -> redemption, and its
// normalised cache shows the redeemed balance without asking again (CreditAccount.id), while requestQuote, a
// mutation, is a new offer every time.
import { ApolloClient, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { expect } from 'chai';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';

interface Quote { requestQuote: { quote: { id: string; options: { id: string; packagingClass: string; credits: number; recommended: boolean }[] } | null; userErrors: unknown[] } }
interface Account { creditAccount: { id: string; consumerRef: string; available: number; pending: number } }
interface Chosen { choosePackaging: { choice: { orderRef: string } | null; userErrors: unknown[] } }
interface Delivered { recordOrderEvent: { accepted: boolean } }
type Variables = Record<string, unknown>;
interface Redeemed { redeemCredits: { entry: { id: string; kind: string; amount: number } | null; account: { id: string; available: number } | null; userErrors: { code: string }[] } }


const REQUEST_QUOTE: TypedDocumentNode<Quote, Variables> = gql`mutation RequestQuote($input: RequestQuoteInput!) {
  requestQuote(input: $input) { quote { id options { id packagingClass credits recommended } } userErrors { code field message } }
}`;
const CHOOSE: TypedDocumentNode<Chosen, Variables> = gql`mutation Choose($input: ChoosePackagingInput!) {
  choosePackaging(input: $input) { choice { id orderRef } userErrors { code field message } }
}`;
const DELIVER: TypedDocumentNode<Delivered, Variables> = gql`mutation Deliver($input: OrderEventInput!) { recordOrderEvent(input: $input) { accepted userErrors { code } } }`;
const ACCOUNT: TypedDocumentNode<Account, Variables> = gql`query Account($consumerRef: String!) { creditAccount(consumerRef: $consumerRef) { id consumerRef available pending } }`;
const REDEEM: TypedDocumentNode<Redeemed, Variables> = gql`mutation Redeem($input: RedeemCreditsInput!) {
  redeemCredits(input: $input) { entry { id kind amount } account { id available pending } userErrors { code field message } }
}`;

describe('Apollo Client against the running service', () => {
  let service: RunningService;
  let client: ApolloClient;

  before(async () => {
    service = await startService('e2e_apollo_client');
    const orgs: Record<string, string> = {};
    for (const [name, kind] of [['Box Maker', 'PRODUCER'], ['Client Shop', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      orgs[kind] = created.data?.createOrganization.apiKey ?? '';
    }
    await graphql(service.url, 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { userErrors { code } } }',
      { key: orgs.PRODUCER, variables: { input: greenBox('APOLLO-MAILER') } });
    // docs/api.md's settings: the modern media type first (4xx on request errors), the key as a bearer token.
    client = new ApolloClient({
      link: new HttpLink({
        uri: service.url,
        headers: { authorization: `Bearer ${orgs.PLATFORM ?? ''}`, accept: 'application/graphql-response+json, application/json;q=0.9' },
      }),
      cache: new InMemoryCache(),
    });
  });
  after(() => service.dispose());

  it('runs checkout to redemption, and the cached account shows the redeemed balance at once', async () => {
    const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };
    const first = await client.mutate({ mutation: REQUEST_QUOTE, variables: { input: { parcel, consumerRef: 'ada' } } });
    const second = await client.mutate({ mutation: REQUEST_QUOTE, variables: { input: { parcel, consumerRef: 'ada' } } });
    const quote = first.data?.requestQuote.quote;
    expect(second.data?.requestQuote.quote?.id, 'a mutation is never served from the cache').to.not.equal(quote?.id);
    const green = quote?.options.find((o) => o.packagingClass === 'GREEN');
    expect(green?.credits).to.be.greaterThan(0);

    const chosen = await client.mutate({
      mutation: CHOOSE, variables: { input: { quoteId: quote?.id, optionId: green?.id, orderRef: 'apollo-1' } },
    });
    expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    const delivered = await client.mutate({ mutation: DELIVER, variables: { input: { orderRef: 'apollo-1', type: 'DELIVERED' } } });
    expect(delivered.data?.recordOrderEvent.accepted).to.equal(true);

    const posted = await eventually(async () => {
      const account = (await client.query({ query: ACCOUNT, variables: { consumerRef: 'ada' }, fetchPolicy: 'network-only' })).data?.creditAccount;
      return account?.available === green?.credits ? account : undefined;
    }, 15_000, 'posted credits');
    expect(posted.id).to.match(/^[0-9a-f]{24}:ada$/);

    const redeemed = await client.mutate({ mutation: REDEEM, variables: { input: { consumerRef: 'ada', amount: 1, idempotencyKey: 'apollo-r1' } } });
    expect(redeemed.data?.redeemCredits.userErrors).to.deep.equal([]);
    const available = posted.available - 1;
    expect(redeemed.data?.redeemCredits.account?.available).to.equal(available);
    // The cache updated the account the query had stored, keyed by its id: no request needed to see it.
    const cached = await client.query({ query: ACCOUNT, variables: { consumerRef: 'ada' }, fetchPolicy: 'cache-only' });
    expect(cached.data?.creditAccount.available).to.equal(available);
    expect(client.cache.identify({ __typename: 'CreditAccount', id: posted.id })).to.equal(`CreditAccount:${posted.id}`);
  });

  it('sees a wrong key as a request error: UNAUTHENTICATED, no data', async () => {
    const stranger = new ApolloClient({
      link: new HttpLink({ uri: service.url, headers: { authorization: 'Bearer glk_0000000000000000_wrong', accept: 'application/graphql-response+json' } }),
      cache: new InMemoryCache(),
    });
    const failure = await stranger.query({ query: ACCOUNT, variables: { consumerRef: 'ada' } }).then(() => null, (error: unknown) => error);
    expect(CombinedGraphQLErrors.is(failure), 'the query fails with the GraphQL errors').to.equal(true);
    const combined = failure as CombinedGraphQLErrors;
    expect(combined.errors.map((e) => e.extensions?.code)).to.deep.equal(['UNAUTHENTICATED']);
    expect(combined.data).to.equal(undefined);
  });
});
