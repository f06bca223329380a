import { expect } from 'chai';
import { DEFAULT_EARNING_RULES } from '../../server/domain/earning-rules.js';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { TEST_ADMIN_KEY, eventually } from '../support/services.js';

const ACCOUNT = `query($ref: String!, $after: String) { creditAccount(consumerRef: $ref) {
  consumerRef available pending lifetimeEarned level { name multiplierPct depositFree } nextExpiry { amount at }
  entries(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { seq kind amount available pending reason } }
} }`;
const SET_EARNING = `mutation($input: EarningRulesInput!) { setEarningRules(input: $input) { earningRules { version ownPackagingCredits choiceCredits { green } } userErrors { code field } } }`;

interface Account { creditAccount: { consumerRef: string; available: number; pending: number; lifetimeEarned: number; level: { name: string }; nextExpiry: { amount: number; at: string } | null; entries: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { seq: number; kind: string; amount: number; available: number; pending: number; reason: string }[] } } }

function rulesInput(ownPackagingCredits: number) {
  const d = DEFAULT_EARNING_RULES;
  return {
    ownPackagingCredits,
    choiceCredits: { standard: d.choiceCredits.STANDARD, reduced: d.choiceCredits.REDUCED, green: d.choiceCredits.GREEN, reusable: d.choiceCredits.REUSABLE },
    reusableReturnCredits: d.reusableReturnCredits,
    reusableReturnWindowDays: d.reusableReturnWindowDays,
    collectionReturnCreditsPerItem: d.collectionReturnCreditsPerItem,
    dailyCapPerConsumer: d.dailyCapPerConsumer,
    expiryMonths: d.expiryMonths,
    expiryWarningDays: d.expiryWarningDays,
    levels: d.levels.map((l) => ({ ...l })),
  };
}

describe('GraphQL over HTTP: credits', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  before(async () => {
    service = await startService('e2e_credits');
    for (const [name, kind] of [['platformA', 'PLATFORM'], ['platformB', 'PLATFORM']] as const) {
      const created = await graphql<{ createOrganization: { apiKey: string } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
    }
  });
  after(() => service.dispose());

  it('versions earning rules: bad ones are refused whole, good ones price the next quote', async () => {
    const bad = await graphql<{ setEarningRules: { earningRules: unknown; userErrors: { field: string[] }[] } }>(service.url, SET_EARNING, { key: keys.platformA, variables: { input: { ...rulesInput(12), dailyCapPerConsumer: 0 } } });
    expect(bad.data?.setEarningRules.earningRules).to.equal(null);
    expect(bad.data?.setEarningRules.userErrors.map((e) => e.field.join('.'))).to.deep.equal(['input.dailyCapPerConsumer']);
    const good = await graphql<{ setEarningRules: { earningRules: { version: number; ownPackagingCredits: number } } }>(service.url, SET_EARNING, { key: keys.platformA, variables: { input: rulesInput(12) } });
    expect(good.data?.setEarningRules.earningRules).to.include({ version: 1, ownPackagingCredits: 12 });
  });

  it('earns on a choice, posts on delivery, redeems, and shows the account to its platform only', async () => {
    const quote = await graphql<{ packagingOptions: { id: string; options: { id: string; credits: number }[] } }>(service.url,
      '{ packagingOptions(parcel: {lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 500, shipsInOwnPackaging: true}, consumerRef: "zoe") { id options { id credits } } }', { key: keys.platformA });
    const option = quote.data?.packagingOptions.options[0];
    expect(option?.credits, 'the platform’s own rules price the preview').to.equal(12);
    await graphql(service.url, 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
      { key: keys.platformA, variables: { input: { quoteId: quote.data?.packagingOptions.id, optionId: option?.id, orderRef: 'zoe-1' } } });
    await graphql(service.url, 'mutation { recordOrderEvent(input: {orderRef: "zoe-1", type: DELIVERED}) { accepted } }', { key: keys.platformA });

    const account = await eventually(async () => {
      const response = await graphql<Account>(service.url, ACCOUNT, { key: keys.platformA, variables: { ref: 'zoe' } });
      return response.data?.creditAccount.available === 12 ? response.data.creditAccount : undefined;
    }, 15_000, 'posted credits');
    expect(account).to.deep.include({ consumerRef: 'zoe', pending: 0, lifetimeEarned: 12, level: { name: 'SEEDLING', multiplierPct: 100, depositFree: false } });
    expect(account.nextExpiry?.amount).to.equal(12);
    expect(account.entries.nodes.map((e) => [e.seq, e.kind, e.amount])).to.deep.equal([[1, 'EARN_PENDING', 12], [2, 'EARN_POSTED', 12]]);

    const redeemed = await graphql<{ redeemCredits: { entry: { kind: string; amount: number; available: number } | null; account: { available: number } | null; userErrors: { code: string }[] } }>(service.url,
      'mutation($input: RedeemCreditsInput!) { redeemCredits(input: $input) { entry { kind amount available } account { available } userErrors { code } } }',
      { key: keys.platformA, variables: { input: { consumerRef: 'zoe', amount: 5, idempotencyKey: 'zoe-r1', purpose: 'coupon' } } });
    expect(redeemed.data?.redeemCredits).to.deep.equal({ entry: { kind: 'REDEMPTION', amount: 5, available: 7 }, account: { available: 7 }, userErrors: [] });
    const short = await graphql<{ redeemCredits: { userErrors: { code: string }[] } }>(service.url,
      'mutation { redeemCredits(input: {consumerRef: "zoe", amount: 8, idempotencyKey: "zoe-r2"}) { userErrors { code } } }', { key: keys.platformA });
    expect(short.data?.redeemCredits.userErrors.map((e) => e.code)).to.deep.equal(['INSUFFICIENT_CREDITS']);

    // entries page by seq
    const page1 = await graphql<Account>(service.url, ACCOUNT, { key: keys.platformA, variables: { ref: 'zoe' } });
    expect(page1.data?.creditAccount.entries.totalCount).to.equal(3);
    const page2 = await graphql<Account>(service.url, ACCOUNT, { key: keys.platformA, variables: { ref: 'zoe', after: page1.data?.creditAccount.entries.pageInfo.endCursor } });
    expect(page2.data?.creditAccount.entries.nodes.map((e) => e.seq)).to.deep.equal([3]);

    // and backward from the newest, as a statement reads: last 2, then the one before them
    type Back = { creditAccount: { entries: { pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null }; nodes: { seq: number }[] } } };
    const BACK = `query($ref: String!, $before: String) { creditAccount(consumerRef: $ref) {
      entries(last: 2, before: $before) { pageInfo { hasPreviousPage hasNextPage startCursor } nodes { seq } } } }`;
    const newest = await graphql<Back>(service.url, BACK, { key: keys.platformA, variables: { ref: 'zoe' } });
    expect(newest.data?.creditAccount.entries.nodes.map((e) => e.seq)).to.deep.equal([2, 3]);
    expect(newest.data?.creditAccount.entries.pageInfo).to.include({ hasPreviousPage: true, hasNextPage: false });
    const older = await graphql<Back>(service.url, BACK, { key: keys.platformA, variables: { ref: 'zoe', before: newest.data?.creditAccount.entries.pageInfo.startCursor } });
    expect(older.data?.creditAccount.entries.nodes.map((e) => e.seq)).to.deep.equal([1]);
    expect(older.data?.creditAccount.entries.pageInfo).to.include({ hasPreviousPage: false, hasNextPage: true });
    const mixed = await graphql(service.url, '{ creditAccount(consumerRef: "zoe") { entries(first: 2, last: 2) { totalCount } } }', { key: keys.platformA });
    expect(mixed.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);

    // another platform's consumer of the same name is another account: empty
    const other = await graphql<Account>(service.url, ACCOUNT, { key: keys.platformB, variables: { ref: 'zoe' } });
    expect(other.data?.creditAccount).to.deep.include({ available: 0, pending: 0, lifetimeEarned: 0, nextExpiry: null });
    expect(other.data?.creditAccount.entries.totalCount).to.equal(0);
  });

  it('refuses a reference that breaks its rule (a 500 kB consumerRef, a serial with spaces) as BAD_USER_INPUT, keeping sibling fields', async () => {
    const huge = 'x'.repeat(500_000);
    const account = await graphql<Account>(service.url, ACCOUNT, { key: keys.platformA, variables: { ref: huge } });
    expect(account.data, 'the refused field alone is null').to.deep.equal({ creditAccount: null });
    expect(account.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
    expect(account.errors?.[0]?.extensions?.userErrors).to.deep.equal([{ code: 'VALIDATION', field: ['consumerRef'], message: 'consumerRef must be 1 to 128 characters of letters, digits and . _ : @ # / -' }]);
    const contact = await graphql<{ consumerContact: unknown }>(service.url, 'query($ref: String!) { consumerContact(consumerRef: $ref) { consumerRef } }', { key: keys.platformA, variables: { ref: 'no spaces please' } });
    expect(contact.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
    const unit = await graphql<{ reusableUnit: unknown; viewer: { name: string } }>(service.url, '{ viewer { name } reusableUnit(serial: "a b") { serial } }', { key: keys.platformA });
    expect(unit.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).to.deep.equal([['BAD_USER_INPUT', 'reusableUnit']]);
    expect(unit.data?.viewer.name, 'the rest of the reply').to.equal('platformA');
  });

  it('keeps a consumer’s contact address with consent, for its own platform only, and forgets it on request', async () => {
    const SET = 'mutation($input: ConsumerContactInput!) { setConsumerContact(input: $input) { contact { consumerRef email consentedAt } userErrors { code field } } }';
    const GET = 'query($ref: String!) { consumerContact(consumerRef: $ref) { email } }';
    const REMOVE = 'mutation($ref: String!) { removeConsumerContact(consumerRef: $ref) { removed userErrors { code } } }';
    type SetResult = { setConsumerContact: { contact: { consumerRef: string; email: string; consentedAt: string } | null; userErrors: { code: string; field: string[] }[] } };

    const refused = await graphql<SetResult>(service.url, SET, { key: keys.platformA, variables: { input: { consumerRef: 'zoe', email: 'zoe@example.com', consent: false } } });
    expect(refused.data?.setConsumerContact).to.deep.equal({ contact: null, userErrors: [{ code: 'VALIDATION', field: ['input', 'consent'] }] });
    expect((await graphql<{ consumerContact: unknown }>(service.url, GET, { key: keys.platformA, variables: { ref: 'zoe' } })).data?.consumerContact, 'nothing stored without consent').to.equal(null);

    const set = await graphql<SetResult>(service.url, SET, { key: keys.platformA, variables: { input: { consumerRef: 'zoe', email: 'zoe@example.com', consent: true } } });
    expect(set.data?.setConsumerContact.contact).to.include({ consumerRef: 'zoe', email: 'zoe@example.com' });
    expect((await graphql<{ consumerContact: unknown }>(service.url, GET, { key: keys.platformA, variables: { ref: 'zoe' } })).data?.consumerContact).to.deep.equal({ email: 'zoe@example.com' });
    // another platform, and the operator, never see it
    expect((await graphql<{ consumerContact: unknown }>(service.url, GET, { key: keys.platformB, variables: { ref: 'zoe' } })).data?.consumerContact).to.equal(null);
    const operator = await graphql(service.url, GET, { key: TEST_ADMIN_KEY, variables: { ref: 'zoe' } });
    expect(operator.errors?.[0]?.extensions?.code).to.equal('FORBIDDEN');
    const account = await graphql(service.url, ACCOUNT, { key: keys.platformA, variables: { ref: 'zoe' } });
    expect(JSON.stringify(account.data), 'the account never carries the address').not.to.contain('zoe@example.com');

    const removed = await graphql<{ removeConsumerContact: { removed: boolean } }>(service.url, REMOVE, { key: keys.platformA, variables: { ref: 'zoe' } });
    expect(removed.data?.removeConsumerContact.removed).to.equal(true);
    const again = await graphql<{ removeConsumerContact: { removed: boolean } }>(service.url, REMOVE, { key: keys.platformA, variables: { ref: 'zoe' } });
    expect(again.data?.removeConsumerContact.removed).to.equal(false);
    expect((await graphql<{ consumerContact: unknown }>(service.url, GET, { key: keys.platformA, variables: { ref: 'zoe' } })).data?.consumerContact).to.equal(null);
  });
});
