// Campaigns (issue #18, item 5): time-boxed, versioned campaigns per platform (a Double-11 multiplier, a bonus for the
// first green choice, a bonus for returns during a week), shown in the quote's credit preview and explained on the
// ledger entry they produced; the daily cap still applies. Credits worked by hand from the default earning rules
// (GREEN 5, loose packaging 5 per item, a daily cap of 100).
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { eventually } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const SET = `mutation($input: CampaignInput!) { setCampaign(input: $input) {
  campaign { id ref version name kind multiplierPct bonusCredits classes running } userErrors { code field message } } }`;
const LIST = 'query { campaigns { ref version name running } }';
const QUOTE = `mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { id
  options { id packagingClass credits campaignCredits { campaignRef version name kind credits } } } } }`;
const CHOOSE = `mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }`;
const ACCOUNT = `query($ref: String!) { creditAccount(consumerRef: $ref) { available pending entries(last: 20) { nodes { kind amount reason } } } }`;

type SetResult = { setCampaign: { campaign: { id: string; ref: string; version: number; name: string; kind: string; multiplierPct: number | null; bonusCredits: number | null; classes: string[]; running: boolean } | null; userErrors: { code: string; field: string[] | null; message: string }[] } };
type Option = { id: string; packagingClass: string; credits: number; campaignCredits: { campaignRef: string; version: number; name: string; kind: string; credits: number }[] };
type Account = { creditAccount: { available: number; pending: number; entries: { nodes: { kind: string; amount: number; reason: string }[] } } | null };

describe('GraphQL over HTTP: campaigns', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  let ids: Record<string, string> = {};
  // Double 11, ten in the morning (UTC).
  const clock = pinnedClock('2026-11-11T10:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const parcel = { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 };
  const doubleEleven = { campaignRef: 'double-11', name: 'Double 11', kind: 'MULTIPLIER', startsAt: '2026-11-11T00:00:00Z', endsAt: '2026-11-12T00:00:00Z', multiplierPct: 200 };
  const welcome = { campaignRef: 'welcome', name: 'Welcome', kind: 'FIRST_GREEN_CHOICE_BONUS', startsAt: '2026-11-01T00:00:00Z', endsAt: '2026-12-01T00:00:00Z', bonusCredits: 5 };
  const returnWeek = { campaignRef: 'return-week', name: 'Return week', kind: 'RETURN_BONUS', startsAt: '2026-11-09T00:00:00Z', endsAt: '2026-11-16T00:00:00Z', bonusCredits: 3 };

  async function greenOption(consumerRef: string): Promise<{ quoteId: string; option: Option }> {
    const r = await call<{ requestQuote: { quote: { id: string; options: Option[] } | null } }>('Shop', QUOTE, { input: { parcel, consumerRef } });
    const quote = r.data?.requestQuote.quote;
    const option = quote?.options.find((o) => o.packagingClass === 'GREEN');
    if (!quote || !option) throw new Error(`no green option: ${JSON.stringify(r)}`);
    return { quoteId: quote.id, option };
  }
  const account = (consumerRef: string, until: (a: NonNullable<Account['creditAccount']>) => boolean) => eventually(async () => {
    const a = (await call<Account>('Shop', ACCOUNT, { ref: consumerRef })).data?.creditAccount;
    return a && until(a) ? a : undefined;
  }, 15_000, `${consumerRef}'s credits`);

  before(async () => {
    service = await startService('e2e_campaigns', {}, { clock: clock.now });
    ({ keys, ids } = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Other Shop', 'PLATFORM'], ['Depot', 'COLLECTOR']]));
    const registered = await call<{ registerPackagingType: { packagingType: { id: string } | null } }>('Box Co',
      'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input: greenBox('G-1') });
    expect(registered.data?.registerPackagingType.packagingType).to.not.equal(null);
  });
  after(() => service.dispose());

  it('stores a campaign as versions: the same campaign again adds none, a change adds one; another platform sees none', async () => {
    const first = await call<SetResult>('Shop', SET, { input: { ...doubleEleven, name: 'Double Eleven' } });
    expect(first.data?.setCampaign.campaign).to.deep.include({ ref: 'double-11', version: 1, kind: 'MULTIPLIER', multiplierPct: 200, bonusCredits: null, classes: ['REDUCED', 'GREEN', 'REUSABLE'], running: true });
    expect(first.data?.setCampaign.campaign?.id).to.equal(`${ids.Shop ?? ''}:double-11:1`);
    expect((await call<SetResult>('Shop', SET, { input: { ...doubleEleven, name: 'Double Eleven' } })).data?.setCampaign.campaign?.version, 'the same again').to.equal(1);
    expect((await call<SetResult>('Shop', SET, { input: doubleEleven })).data?.setCampaign.campaign).to.deep.include({ version: 2, name: 'Double 11' });
    for (const input of [welcome, returnWeek]) expect((await call<SetResult>('Shop', SET, { input })).data?.setCampaign.userErrors).to.deep.equal([]);
    const listed = await call<{ campaigns: { ref: string; version: number; name: string; running: boolean }[] }>('Shop', LIST);
    expect(listed.data?.campaigns).to.deep.equal([
      { ref: 'double-11', version: 2, name: 'Double 11', running: true },
      { ref: 'return-week', version: 1, name: 'Return week', running: true },
      { ref: 'welcome', version: 1, name: 'Welcome', running: true },
    ]);
    expect((await call<{ campaigns: unknown[] }>('Other Shop', LIST)).data?.campaigns).to.deep.equal([]);
  });

  it('refuses a campaign from anyone but a platform, and bad figures at their fields', async () => {
    expect((await call<SetResult>('Box Co', SET, { input: doubleEleven })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
    const bad = await call<SetResult>('Shop', SET, { input: { ...doubleEleven, campaignRef: 'no spaces', multiplierPct: 90, endsAt: '2026-11-10T00:00:00Z' } });
    expect(bad.data?.setCampaign.campaign).to.equal(null);
    expect(bad.data?.setCampaign.userErrors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([
      ['VALIDATION', 'input.campaignRef'], ['VALIDATION', 'input.endsAt'], ['VALIDATION', 'input.multiplierPct'],
    ]);
    const noBonus = await call<SetResult>('Shop', SET, { input: { ...welcome, bonusCredits: null } });
    expect(noBonus.data?.setCampaign.userErrors.map((e) => e.field?.join('.'))).to.deep.equal(['input.bonusCredits']);
  });

  it('previews what each running campaign adds in the quote, and the ledger credits it, naming the campaigns', async () => {
    // GREEN earns 5; Double 11 doubles it (5 more); a consumer with no green choice on record may get the welcome bonus (5).
    const { quoteId, option } = await greenOption('ann');
    expect(option.credits).to.equal(15);
    expect(option.campaignCredits).to.deep.equal([
      { campaignRef: 'double-11', version: 2, name: 'Double 11', kind: 'MULTIPLIER', credits: 5 },
      { campaignRef: 'welcome', version: 1, name: 'Welcome', kind: 'FIRST_GREEN_CHOICE_BONUS', credits: 5 },
    ]);
    expect((await call<{ choosePackaging: { userErrors: unknown[] } }>('Shop', CHOOSE, { input: { quoteId, optionId: option.id, orderRef: 'a-1' } })).data?.choosePackaging.userErrors).to.deep.equal([]);
    const credited = await account('ann', (a) => a.pending === 15);
    expect(credited.entries.nodes.map((e) => [e.kind, e.amount, e.reason])).to.deep.equal([
      ['EARN_PENDING', 15, 'green packaging for order a-1; campaign Double 11 (double-11 v2) +5; campaign Welcome (welcome v1) +5'],
    ]);
  });

  it('gives the first-green-choice bonus once per consumer, though the next quote still previews it', async () => {
    // The level record (counted daily) does not know of the first green choice yet, so the quote still shows the bonus;
    // the ledger gives it to the first choice only, and says so on the entry.
    const second = await greenOption('ann');
    expect(second.option.credits).to.equal(15);
    await call('Shop', CHOOSE, { input: { quoteId: second.quoteId, optionId: second.option.id, orderRef: 'a-2' } });
    const credited = await account('ann', (a) => a.pending === 25);
    expect(credited.entries.nodes.at(-1)).to.deep.equal({
      kind: 'EARN_PENDING', amount: 10, reason: 'green packaging for order a-2; campaign Double 11 (double-11 v2) +5; Welcome (welcome v1) already given to an earlier choice',
    });
  });

  it('adds a return bonus to returns recorded while it runs, and stops at a campaign\'s end', async () => {
    const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } | null } }>('Depot',
      'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id } } }', { input: { name: 'Depot 1', region: 'CN-31', accepts: ['PAPER_CARD'] } });
    const collectionPointId = point.data?.registerCollectionPoint.collectionPoint?.id;
    const RETURN = 'mutation($input: ReturnInput!) { recordReturn(input: $input) { userErrors { code } } }';
    const loose = (key: string) => ({ collectionPointId, idempotencyKey: key, material: 'PAPER_CARD', quantity: 2, massGrams: 300, platformId: ids.Shop, consumerRef: 'ben' });
    expect((await call<{ recordReturn: { userErrors: unknown[] } }>('Depot', RETURN, { input: loose('ret-1') })).data?.recordReturn.userErrors).to.deep.equal([]);
    // 2 items x 5 = 10, plus the return week's 3: posted at once (the return is the proof).
    const first = await account('ben', (a) => a.available === 13);
    expect(first.entries.nodes.map((e) => [e.kind, e.amount])).to.deep.equal([['EARN_PENDING', 13], ['EARN_POSTED', 13]]);
    expect(first.entries.nodes[0]?.reason).to.equal('2 item(s) of paper_card packaging returned; campaign Return week (return-week v1) +3');

    // The platform ends the week early: a new version ending now. The next return earns the rules' 10 only.
    const ended = await call<SetResult>('Shop', SET, { input: { ...returnWeek, endsAt: clock.now().toISOString() } });
    expect(ended.data?.setCampaign.campaign).to.deep.include({ version: 2, running: false });
    await call('Depot', RETURN, { input: loose('ret-2') });
    const second = await account('ben', (a) => a.available === 23);
    expect(second.entries.nodes.at(-1)).to.deep.include({ kind: 'EARN_POSTED', amount: 10 });
  });
});
