// Adjustments with a reason and credit liability per platform (issue #18, items 3 and 4): a person corrects a
// consumer's credits without editing history, and a finance team reads what the platform owes as of a date. Figures
// worked by hand.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const ADJUST = `mutation($input: AdjustCreditsInput!) { adjustCredits(input: $input) {
  entry { id kind amount consumerDelta reason actor expiresAt } account { available } userErrors { code field message } } }`;
const ENTRIES = `query($ref: String!) { creditAccount(consumerRef: $ref) { available entries(first: 10) { nodes { seq kind amount consumerDelta reason actor } } } }`;
const LIABILITY = `query($asOf: DateTime) { creditLiability(asOf: $asOf) {
  asOf currency accounts outstanding pending held expiring30d expiring90d expiring365d adjustmentsNet adjustments } }`;

interface Entry { id: string; kind: string; amount: number; consumerDelta: number; reason: string; actor: string | null; expiresAt: string | null }
type Adjusted = { adjustCredits: { entry: Entry | null; account: { available: number } | null; userErrors: { code: string; field: string[] | null; message: string }[] } };
interface Liability { asOf: string; currency: string | null; accounts: number; outstanding: number; pending: number; held: number; expiring30d: number; expiring90d: number; expiring365d: number; adjustmentsNet: number; adjustments: number }

describe('GraphQL over HTTP: credit adjustments and liability', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  let ids: Record<string, string> = {};
  const clock = pinnedClock('2026-03-01T00:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: who === 'operator' ? TEST_ADMIN_KEY : keys[who] ?? '', variables });
  const adjustment = (consumerRef: string, amount: number, reason: string, idempotencyKey: string, platformId?: string) =>
    ({ input: { consumerRef, amount, reason, idempotencyKey, ...(platformId ? { platformId } : {}) } });

  before(async () => {
    service = await startService('e2e_adjustments', {}, { clock: clock.now });
    ({ keys, ids } = await createOrganizations(service.url, [['Shop', 'PLATFORM'], ['Other Shop', 'PLATFORM'], ['Box Co', 'PRODUCER']]));
  });
  after(() => service.dispose());

  it('lets a platform add and take back its consumers’ credits, each with its reason and actor, once per key', async () => {
    const added = await call<Adjusted>('Shop', ADJUST, adjustment('ann', 100, '  goodwill for a late parcel ', 'adj-1'));
    expect(added.data?.adjustCredits.userErrors).to.deep.equal([]);
    // Credits added expire as earned ones do: 12 months later (the default earning rules).
    expect(added.data?.adjustCredits.entry).to.deep.include({
      kind: 'ADJUSTMENT', amount: 100, consumerDelta: 100, reason: 'goodwill for a late parcel', actor: `PLATFORM:${ids.Shop ?? ''}`,
    });
    expect(added.data?.adjustCredits.entry?.expiresAt?.slice(0, 10)).to.equal('2027-03-01');
    expect(added.data?.adjustCredits.account?.available).to.equal(100);

    const replay = await call<Adjusted>('Shop', ADJUST, adjustment('ann', 100, 'goodwill for a late parcel', 'adj-1'));
    expect(replay.data?.adjustCredits.entry?.id, 'a replay answers the first entry').to.equal(added.data?.adjustCredits.entry?.id);
    const reused = await call<Adjusted>('Shop', ADJUST, adjustment('ann', 90, 'goodwill for a late parcel', 'adj-1'));
    expect(reused.data?.adjustCredits.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);

    const taken = await call<Adjusted>('Shop', ADJUST, adjustment('ann', -30, 'goodwill was posted twice', 'adj-2'));
    expect(taken.data?.adjustCredits.entry).to.deep.include({ kind: 'ADJUSTMENT', amount: 30, consumerDelta: -30, expiresAt: null });
    expect(taken.data?.adjustCredits.account?.available).to.equal(70);

    const tooMuch = await call<Adjusted>('Shop', ADJUST, adjustment('ann', -71, 'more than there is', 'adj-3'));
    expect(tooMuch.data?.adjustCredits.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['INSUFFICIENT_CREDITS', 'input.amount']]);
    const bad = await call<Adjusted>('Shop', ADJUST, adjustment('ann', 0, ' ', 'adj-4'));
    expect(bad.data?.adjustCredits.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.amount'], ['VALIDATION', 'input.reason']]);

    const statement = await call<{ creditAccount: { available: number; entries: { nodes: (Omit<Entry, 'id' | 'expiresAt'> & { seq: number })[] } } }>('Shop', ENTRIES, { ref: 'ann' });
    expect(statement.data?.creditAccount.entries.nodes.map((e) => [e.seq, e.kind, e.consumerDelta, e.reason])).to.deep.equal([
      [1, 'ADJUSTMENT', 100, 'goodwill for a late parcel'], [2, 'ADJUSTMENT', -30, 'goodwill was posted twice'],
    ]);
  });

  it('lets the operator adjust any platform’s consumer, naming the platform; nobody else', async () => {
    const byOperator = await call<Adjusted>('operator', ADJUST, adjustment('bob', 50, 'compensation agreed with support', 'op-1', ids.Shop));
    expect(byOperator.data?.adjustCredits.entry).to.deep.include({ consumerDelta: 50, actor: 'OPERATOR' });
    const unnamed = await call<Adjusted>('operator', ADJUST, adjustment('bob', 50, 'x', 'op-2'));
    expect(unnamed.data?.adjustCredits.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.platformId']]);
    const notAPlatform = await call<Adjusted>('operator', ADJUST, adjustment('bob', 50, 'x', 'op-3', ids['Box Co']));
    expect(notAPlatform.data?.adjustCredits.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
    const otherShop = await call<Adjusted>('Other Shop', ADJUST, adjustment('bob', 50, 'x', 'o-1', ids.Shop));
    expect(otherShop.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const producer = await call<Adjusted>('Box Co', ADJUST, adjustment('bob', 50, 'x', 'p-1'));
    expect(producer.errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });

  it('reads the platform’s liability as of a date: outstanding, pending, what expires when, the adjustments', async () => {
    // By hand: ann 100 - 30 = 70 and bob 50, all in lots expiring 2027-03-01, 365 days after 2026-03-01.
    const now = await call<{ creditLiability: Liability }>('Shop', LIABILITY);
    expect(now.data?.creditLiability).to.deep.include({
      currency: null, accounts: 2, outstanding: 120, pending: 0, held: 0, expiring30d: 0, expiring90d: 0, expiring365d: 120, adjustmentsNet: 120, adjustments: 3,
    });
    // Before any adjustment: nothing owed.
    const before = await call<{ creditLiability: Liability }>('Shop', LIABILITY, { asOf: '2026-02-28T00:00:00Z' });
    expect(before.data?.creditLiability).to.deep.include({ asOf: '2026-02-28T00:00:00.000Z', accounts: 0, outstanding: 0, adjustments: 0 });
    // Another platform owes nothing of these.
    expect((await call<{ creditLiability: Liability }>('Other Shop', LIABILITY)).data?.creditLiability).to.deep.include({ accounts: 0, outstanding: 0 });
    const future = await call<{ creditLiability: Liability | null }>('Shop', LIABILITY, { asOf: '2999-01-01T00:00:00Z' });
    expect(future.errors?.map((e) => e.extensions?.code)).to.deep.equal(['BAD_USER_INPUT']);
    expect((await call<unknown>('Box Co', LIABILITY)).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });
});
