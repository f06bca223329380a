// The right-sizing report (issue #18, item 8): parcel sizes asked for at checkout that no offerable packaging type
// fits within the empty-space limit, counted by size, for producers to know which boxes to make.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { createOrganizations } from '../support/organizations.js';
import { greenBox } from '../support/packaging-fixtures.js';
import { eventually } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';

const QUOTE = `mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { options { packagingClass } } userErrors { code } } }`;
const REPORT = `query($period: String!, $first: Int) { rightSizing(period: $period, first: $first) { shortMm middleMm longMm quotes } }`;

describe('GraphQL over HTTP: the right-sizing report', () => {
  let service: RunningService;
  let keys: Record<string, string> = {};
  const clock = pinnedClock('2026-10-15T12:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const quote = (lengthMm: number, widthMm: number, heightMm: number) =>
    call<{ requestQuote: { quote: { options: { packagingClass: string }[] } | null } }>('Shop', QUOTE, { input: { parcel: { lengthMm, widthMm, heightMm, weightGrams: 500 }, consumerRef: 'c-1' } });

  before(async () => {
    service = await startService('e2e_right_sizing', {}, { clock: clock.now });
    ({ keys } = await createOrganizations(service.url, [['Box Co', 'PRODUCER'], ['Shop', 'PLATFORM'], ['Agency', 'REGULATOR']]));
    // One 300 x 200 x 100 mm box: it fits a 280 x 180 x 90 parcel, not a long one or a tiny one (too much empty space).
    await call('Box Co', 'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input: greenBox('G-1') });
  });
  after(() => service.dispose());

  it('counts the sizes nothing fitted, by size rounded up to 10 mm, most asked first', async () => {
    expect((await quote(280, 180, 90)).data?.requestQuote.quote?.options.map((o) => o.packagingClass)).to.include('GREEN');
    for (const [l, w, h] of [[600, 100, 95], [95, 600, 100], [599, 91, 100], [50, 40, 30]]) {
      const offered = await quote(l ?? 0, w ?? 0, h ?? 0);
      expect(offered.data?.requestQuote.quote?.options.some((o) => o.packagingClass === 'GREEN'), `${String(l)}x${String(w)}x${String(h)}`).to.equal(false);
    }
    // The counts are written after each quote answers.
    const rows = await eventually(async () => {
      const r = await call<{ rightSizing: { shortMm: number; middleMm: number; longMm: number; quotes: number }[] }>('Box Co', REPORT, { period: '2026-10' });
      return r.data?.rightSizing.reduce((sum, row) => sum + row.quotes, 0) === 4 ? r.data.rightSizing : undefined;
    }, 5000, 'four unmet quotes');
    expect(rows).to.deep.equal([
      { shortMm: 100, middleMm: 100, longMm: 600, quotes: 3 },
      { shortMm: 30, middleMm: 40, longMm: 50, quotes: 1 },
    ]);
    expect((await call<{ rightSizing: unknown[] }>('Agency', REPORT, { period: '2026', first: 1 })).data?.rightSizing).to.have.length(1);
    expect((await call<{ rightSizing: unknown[] }>('Box Co', REPORT, { period: '2026-09' })).data?.rightSizing).to.deep.equal([]);
    expect((await call<{ rightSizing: unknown }>('Shop', REPORT, { period: '2026-10' })).errors?.map((e) => e.extensions?.code)).to.deep.equal(['FORBIDDEN']);
  });
});
