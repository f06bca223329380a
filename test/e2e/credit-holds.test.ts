// Two-phase redemption (issue #18, item 2): a checkout holds credits, then captures or voids the hold; a hold nobody
// settles voids itself after its timeout; a redemption of a cancelled order is reversed once, each credit back in its
// lot with its original expiry. Figures worked by hand.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const HOLD = `mutation($input: HoldCreditsInput!) { holdCredits(input: $input) { hold { id amount status expiresAt orderRef } account { available held } userErrors { code field message } } }`;
const CAPTURE = `mutation($input: HoldActionInput!) { captureHold(input: $input) { hold { id status } account { available held } userErrors { code field message } } }`;
const VOID = `mutation($input: HoldActionInput!) { voidHold(input: $input) { hold { id status } account { available held } userErrors { code field message } } }`;
const REDEEM = `mutation($input: RedeemCreditsInput!) { redeemCredits(input: $input) { entry { id } userErrors { code } } }`;
const REVERSE = `mutation($input: ReverseRedemptionInput!) { reverseRedemption(input: $input) { entry { kind amount consumerDelta reason } account { available } userErrors { code field message } } }`;
const ACCOUNT = `query($ref: String!) { creditAccount(consumerRef: $ref) { available held nextExpiry { amount at } } }`;

interface HoldResult { hold: { id: string; amount?: number; status: string; expiresAt?: string; orderRef?: string | null } | null; account: { available: number; held: number } | null; userErrors: { code: string; field: string[] | null; message: string }[] }

describe('GraphQL over HTTP: holds, captures, voids and reversed redemptions', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  let ids: Record<string, string> = {};
  const clock = pinnedClock('2026-05-01T10:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const holdOf = (r: GraphQLResponse<Record<string, HoldResult>>, field: string) => r.data?.[field];
  /** Gives `ref` credits through the operator (an adjustment is the shortest way to an available balance). */
  const give = (ref: string, amount: number) => graphql(service.url, 'mutation($input: AdjustCreditsInput!) { adjustCredits(input: $input) { userErrors { code } } }',
    { key: TEST_ADMIN_KEY, variables: { input: { consumerRef: ref, amount, reason: 'starting balance', idempotencyKey: `give-${ref}-${String(amount)}`, platformId: ids.Shop } } });

  before(async () => {
    service = await startService('e2e_holds', {}, { clock: clock.now });
    ({ keys, ids } = await createOrganizations(service.url, [['Shop', 'PLATFORM'], ['Other Shop', 'PLATFORM']]));
  });
  after(() => service.dispose());

  it('holds credits so they cannot be spent twice, then spends them on capture, once', async () => {
    await give('ann', 100);
    const askedMs = clock.nowMs();
    const held = await call<Record<string, HoldResult>>('Shop', HOLD, { input: { consumerRef: 'ann', amount: 60, idempotencyKey: 'h-1', orderRef: 'o-1' } });
    const h = holdOf(held, 'holdCredits');
    expect(h?.userErrors).to.deep.equal([]);
    expect(h?.hold).to.deep.include({ amount: 60, status: 'HELD', orderRef: 'o-1' });
    expect(Date.parse(h?.hold?.expiresAt ?? ''), 'the default timeout, 15 minutes').to.be.within(askedMs + 900_000, clock.nowMs() + 900_000);
    expect(h?.account).to.deep.equal({ available: 40, held: 60 });
    const holdId = h?.hold?.id ?? '';
    // The same request again answers the same hold; the key with another amount is refused.
    expect(holdOf(await call('Shop', HOLD, { input: { consumerRef: 'ann', amount: 60, idempotencyKey: 'h-1', orderRef: 'o-1' } }), 'holdCredits')?.hold?.id).to.equal(holdId);
    expect(holdOf(await call('Shop', HOLD, { input: { consumerRef: 'ann', amount: 61, idempotencyKey: 'h-1' } }), 'holdCredits')?.userErrors.map((e) => e.code)).to.deep.equal(['IDEMPOTENCY_KEY_REUSED']);
    // A repeat after the hold was made writes no hold record of its own.
    expect(await service.running.store.models.CreditHold.countDocuments({ consumerRef: 'ann' }), 'one hold record').to.equal(1);
    // Held credits are not available: neither a second hold nor a redemption can take them.
    expect(holdOf(await call('Shop', HOLD, { input: { consumerRef: 'ann', amount: 41, idempotencyKey: 'h-2' } }), 'holdCredits')?.userErrors.map((e) => e.code)).to.deep.equal(['INSUFFICIENT_CREDITS']);
    expect((await call<{ redeemCredits: { userErrors: { code: string }[] } }>('Shop', REDEEM, { input: { consumerRef: 'ann', amount: 41, idempotencyKey: 'r-x' } })).data?.redeemCredits.userErrors.map((e) => e.code)).to.deep.equal(['INSUFFICIENT_CREDITS']);

    const captured = holdOf(await call('Shop', CAPTURE, { input: { holdId, idempotencyKey: 'c-1' } }), 'captureHold');
    expect(captured?.hold?.status).to.equal('CAPTURED');
    expect(captured?.account).to.deep.equal({ available: 40, held: 0 });
    expect(holdOf(await call('Shop', CAPTURE, { input: { holdId, idempotencyKey: 'c-1' } }), 'captureHold')?.hold?.status, 'a capture again answers it').to.equal('CAPTURED');
    const voidAfter = holdOf(await call('Shop', VOID, { input: { holdId, idempotencyKey: 'v-1' } }), 'voidHold');
    expect(voidAfter?.userErrors.map((e) => [e.code, e.message])).to.deep.equal([['HOLD_NOT_OPEN', 'the hold is already captured']]);
    expect(holdOf(await call('Other Shop', CAPTURE, { input: { holdId, idempotencyKey: 'c-2' } }), 'captureHold')?.userErrors.map((e) => e.code), 'another platform’s hold').to.deep.equal(['NOT_FOUND']);
  });

  it('gives held credits back on void, and voids a hold past its timeout by itself', async () => {
    await give('bob', 50);
    const held = holdOf(await call('Shop', HOLD, { input: { consumerRef: 'bob', amount: 50, idempotencyKey: 'hb-1' } }), 'holdCredits');
    const voided = holdOf(await call('Shop', VOID, { input: { holdId: held?.hold?.id, idempotencyKey: 'vb-1' } }), 'voidHold');
    expect(voided?.hold?.status).to.equal('VOIDED');
    expect(voided?.account).to.deep.equal({ available: 50, held: 0 });
    expect(holdOf(await call('Shop', CAPTURE, { input: { holdId: held?.hold?.id, idempotencyKey: 'cb-1' } }), 'captureHold')?.userErrors.map((e) => e.code)).to.deep.equal(['HOLD_NOT_OPEN']);

    const short = holdOf(await call('Shop', HOLD, { input: { consumerRef: 'bob', amount: 20, idempotencyKey: 'hb-2', timeoutSeconds: 60 } }), 'holdCredits');
    // A hold in progress is owed but not outstanding: the liability shows it apart.
    const liability = await call<{ creditLiability: { outstanding: number; held: number } }>('Shop', '{ creditLiability { outstanding held } }');
    expect(liability.data?.creditLiability).to.deep.equal({ outstanding: 40 + 30, held: 20 });
    clock.advance(61_000);
    const late = holdOf(await call('Shop', CAPTURE, { input: { holdId: short?.hold?.id, idempotencyKey: 'cb-2' } }), 'captureHold');
    expect(late?.userErrors.map((e) => e.code)).to.deep.equal(['HOLD_EXPIRED']);
    // The job that voids timed-out holds gives them back.
    expect(await service.running.services.holds.voidTimedOut(clock.nowMs())).to.equal(1);
    const hold = await call<{ creditHold: { status: string } | null }>('Shop', 'query($id: ID!) { creditHold(id: $id) { status } }', { id: short?.hold?.id });
    expect(hold.data?.creditHold?.status).to.equal('EXPIRED');
    expect((await call<{ creditAccount: { available: number; held: number } }>('Shop', ACCOUNT, { ref: 'bob' })).data?.creditAccount).to.deep.include({ available: 50, held: 0 });
    expect(await service.running.services.holds.voidTimedOut(clock.nowMs()), 'once').to.equal(0);
  });

  it('reverses a redemption once, each credit back in its lot with its own expiry', async () => {
    await give('cy', 30);
    const redeemed = await call<{ redeemCredits: { entry: { id: string } | null } }>('Shop', REDEEM, { input: { consumerRef: 'cy', amount: 25, idempotencyKey: 'r-cy' } });
    const entryId = redeemed.data?.redeemCredits.entry?.id ?? '';
    const reversed = await call<{ reverseRedemption: { entry: { kind: string; amount: number; consumerDelta: number; reason: string } | null; account: { available: number } | null; userErrors: { code: string }[] } }>('Shop', REVERSE, { input: { entryId, idempotencyKey: 'rev-1', reason: 'order cancelled' } });
    expect(reversed.data?.reverseRedemption.entry).to.deep.equal({ kind: 'REDEMPTION_REVERSAL', amount: 25, consumerDelta: 25, reason: 'redemption reversed: order cancelled' });
    expect(reversed.data?.reverseRedemption.account?.available).to.equal(30);
    // The credits expire when the lot they came from does: the starting balance's, 12 months after it was given.
    const account = await call<{ creditAccount: { nextExpiry: { amount: number; at: string } | null } }>('Shop', ACCOUNT, { ref: 'cy' });
    expect(account.data?.creditAccount.nextExpiry).to.deep.include({ amount: 30 });
    expect(account.data?.creditAccount.nextExpiry?.at.slice(0, 10)).to.equal('2027-05-01');
    const again = await call<{ reverseRedemption: { userErrors: { code: string }[] } }>('Shop', REVERSE, { input: { entryId, idempotencyKey: 'rev-2', reason: 'twice' } });
    expect(again.data?.reverseRedemption.userErrors.map((e) => e.code)).to.deep.equal(['ALREADY_REVERSED']);
    const other = await call<{ reverseRedemption: { userErrors: { code: string }[] } }>('Other Shop', REVERSE, { input: { entryId, idempotencyKey: 'rev-3', reason: 'not mine' } });
    expect(other.data?.reverseRedemption.userErrors.map((e) => e.code)).to.deep.equal(['NOT_FOUND']);
  });
});
