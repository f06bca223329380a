// The UK packaging data file over HTTP (issue #17, item 8): GET /exports/uk-packaging-data/<period>.csv gives a
// producer's placements in the columns and codes of the UK "Packaging data file specification for extended producer
// responsibility", which an independent checker of the specification reads back; authorized like the producer data
// export. Figures worked by hand.
import { expect } from 'chai';
import { graphql, type GraphQLResponse } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { greenBox, plainBox, reusableCrate } from '../support/packaging-fixtures.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { pinnedClock } from '../support/test-clock.js';
import { checkUkPackagingDataFile } from '../support/uk-packaging-data-checker.js';

const HEADER = 'organisation_id,subsidiary_id,organisation_size,submission_period,packaging_activity,packaging_type,packaging_class,packaging_material,packaging_material_subtype,from_country,to_country,packaging_material_weight,packaging_material_units,transitional_packaging_units,ram_rag_rating';

/** A 90 g plastic mailer: grade B (85 % recyclable, AMBER), too little recycled content for GREEN, light enough for REDUCED. */
const plasticMailer = (sku: string) => ({
  ...greenBox(sku),
  name: `Poly mailer ${sku}`,
  material: 'PLASTIC',
  format: 'MAILER',
  massGrams: 90,
  recycledContentPct: 0,
  recyclableSharePct: 85,
  substanceTest: { leadMgKg: 1, mercuryMgKg: 0.1, cadmiumMgKg: 0.1, chromiumMgKg: 1, phthalatesMgKg: 100 },
});

describe('HTTP: the UK packaging data file', () => {
  let service: RunningService;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const clock = pinnedClock('2026-11-20T10:00:00Z');
  const call = <T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graphql<T>(service.url, query, { key: keys[who] ?? '', variables });
  const get = (path: string, who?: string) =>
    fetch(`${service.url.replace(/\/graphql$/, '')}${path}`, { headers: who ? { authorization: `Bearer ${keys[who] ?? ''}` } : {} });

  before(async () => {
    service = await startService('e2e_uk_packaging_data', {}, { clock: clock.now });
    const organizations = [
      ['Box Co', 'PRODUCER', '100123'], ['Other Co', 'PRODUCER', '100456'], ['No Id Co', 'PRODUCER', null], ['Companies Co', 'PRODUCER', '01234567'],
      ['Shop', 'PLATFORM', null], ['Depot', 'COLLECTOR', null], ['Agency', 'REGULATOR', null],
    ] as const;
    for (const [name, kind, registrationNumber] of organizations) {
      const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(service.url,
        'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
        { key: TEST_ADMIN_KEY, variables: { input: { name, kind, registrationNumber } } });
      keys[name] = created.data?.createOrganization.apiKey ?? '';
      ids[name] = created.data?.createOrganization.organization.id ?? '';
    }
    const register = async (input: Record<string, unknown>) => {
      const r = await call<{ registerPackagingType: { packagingType: { id: string; classification: { packagingClass: string } } | null } }>('Box Co',
        'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id classification { packagingClass } } } }', { input });
      return r.data?.registerPackagingType.packagingType;
    };
    expect((await register(greenBox('BC-GREEN')))?.classification.packagingClass).to.equal('GREEN'); // paper 150 g, grade A
    expect((await register(plainBox('BC-PLAIN')))?.classification.packagingClass).to.equal('STANDARD'); // paper 400 g, 60 %: not recyclable
    expect((await register(plasticMailer('BC-MAILER')))?.classification.packagingClass).to.equal('REDUCED'); // plastic 90 g, grade B
    const crate = await register(reusableCrate('BC-CRATE')); // plastic 900 g, 50 trips
    const issued = await call<{ issueReusableUnits: { units: unknown[] } }>('Box Co', 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } } }',
      { input: { packagingTypeId: crate?.id, serials: ['BC-0001', 'BC-0002'] } });
    expect(issued.data?.issueReusableUnits.units).to.have.length(2);

    const choose = async (orderRef: string, packagingClass: string) => {
      const quote = await call<{ requestQuote: { quote: { id: string; options: { id: string; packagingClass: string }[] } | null } }>('Shop',
        'mutation($input: RequestQuoteInput!) { requestQuote(input: $input) { quote { id options { id packagingClass } } } }',
        { input: { parcel: { lengthMm: 280, widthMm: 180, heightMm: 90, weightGrams: 800 }, consumerRef: 'c-1' } });
      const option = quote.data?.requestQuote.quote?.options.find((o) => o.packagingClass === packagingClass);
      expect(option, `${packagingClass} offered`).to.not.equal(undefined);
      const chosen = await call<{ choosePackaging: { userErrors: unknown[] } }>('Shop', 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { userErrors { code } } }',
        { input: { quoteId: quote.data?.requestQuote.quote?.id, optionId: option?.id, orderRef } });
      expect(chosen.data?.choosePackaging.userErrors).to.deep.equal([]);
    };
    for (let n = 1; n <= 7; n++) await choose(`green-${String(n)}`, 'GREEN');
    for (let n = 1; n <= 4; n++) await choose(`plain-${String(n)}`, 'STANDARD');
    for (let n = 1; n <= 6; n++) await choose(`mailer-${String(n)}`, 'REDUCED');

    // Packaging Box Co placed outside GreenLoop: counted in compliance, never in the UK file (it has no type, class or form).
    const declared = await call<{ declarePlacedOnMarket: { userErrors: unknown[] } }>('Box Co',
      'mutation($input: PlacedOnMarketInput!) { declarePlacedOnMarket(input: $input) { userErrors { code } } }',
      { input: { period: '2026-11', idempotencyKey: 'dec-1', lines: [{ material: 'PAPER_CARD', grams: 2_000_000, activity: 'own web shop', ramRating: 'GREEN' }] } });
    expect(declared.data?.declarePlacedOnMarket.userErrors).to.deep.equal([]);
  });
  after(() => service.dispose());

  it('gives a large organisation’s half-year in the specification’s columns and codes, which the checker accepts', async () => {
    const response = await get('/exports/uk-packaging-data/2026-H2.csv', 'Box Co');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).to.equal('attachment; filename="uk-packaging-data-100123-2026-H2.csv"');
    const text = await response.text();
    // PC G: 7 green boxes x 150 g = 1,050 g -> 1 kg; PC R: 4 plain boxes x 400 g = 1,600 g -> 2 kg;
    // PL Flexible A: 6 mailers x 90 g = 540 g -> 1 kg; RU P5 PL: 2 crates issued x 900 g = 1,800 g -> 2 kg.
    // The 2,000 kg of paper declared outside GreenLoop is not in the file.
    expect(text).to.equal([
      HEADER,
      '100123,,L,2026-H2,SE,HH,P3,PC,,,,1,,,G',
      '100123,,L,2026-H2,SE,HH,P3,PC,,,,2,,,R',
      '100123,,L,2026-H2,SE,HH,P3,PL,Flexible,,,1,,,A',
      '100123,,L,2026-H2,SE,RU,P5,PL,,,,2,,,',
    ].join('\r\n') + '\r\n');
    const checked = checkUkPackagingDataFile(text);
    expect(checked.problems).to.deep.equal([]);
    expect(checked.rows.map((r) => Number(r.packaging_material_weight)).reduce((a, b) => a + b, 0)).to.equal(6);
  });

  it('gives a small organisation’s year as 2026-P0, which the checker accepts', async () => {
    const text = await (await get('/exports/uk-packaging-data/2026.csv', 'Box Co')).text();
    // SP P3: paper 1,050 + 1,600 = 2,650 g -> 3 kg; plastic 540 + 1,800 = 2,340 g -> 2 kg
    expect(text).to.equal([HEADER, '100123,,S,2026-P0,SE,SP,P3,PC,,,,3,,,', '100123,,S,2026-P0,SE,SP,P3,PL,,,,2,,,'].join('\r\n') + '\r\n');
    expect(checkUkPackagingDataFile(text).problems).to.deep.equal([]);
  });

  it('lets a producer export its own file and a regulator anyone’s; refuses everyone else', async () => {
    const own = await (await get('/exports/uk-packaging-data/2026-H2.csv', 'Box Co')).text();
    const byRegulator = await get(`/exports/uk-packaging-data/2026-H2.csv?producerId=${ids['Box Co'] ?? ''}`, 'Agency');
    expect(byRegulator.status).to.equal(200);
    expect(await byRegulator.text()).to.equal(own);
    expect(await (await get(`/exports/uk-packaging-data/2026-H2.csv?producerId=${ids['Box Co'] ?? ''}`, 'Box Co')).text(), 'its own id named').to.equal(own);
    const empty = await get(`/exports/uk-packaging-data/2026-H2.csv?producerId=${ids['Other Co'] ?? ''}`, 'Agency');
    expect(await empty.text(), 'a producer with nothing placed: the header alone').to.equal(`${HEADER}\r\n`);

    const refusals: [string, string | undefined, number, string][] = [
      [`/exports/uk-packaging-data/2026-H2.csv?producerId=${ids['Box Co'] ?? ''}`, 'Other Co', 403, 'FORBIDDEN'],
      ['/exports/uk-packaging-data/2026-H2.csv', 'Shop', 403, 'FORBIDDEN'],
      ['/exports/uk-packaging-data/2026-H2.csv', 'Depot', 403, 'FORBIDDEN'],
      ['/exports/uk-packaging-data/2026-H2.csv', undefined, 401, 'UNAUTHENTICATED'],
      ['/exports/uk-packaging-data/2026-H2.csv', 'Agency', 400, 'BAD_USER_INPUT'],
      [`/exports/uk-packaging-data/2026-H2.csv?producerId=${ids.Shop ?? ''}`, 'Agency', 400, 'BAD_USER_INPUT'],
    ];
    for (const [path, who, status, code] of refusals) {
      const response = await get(path, who);
      const body = await response.json() as { errors: { extensions: { code: string } }[] };
      expect([response.status, body.errors[0]?.extensions.code], `${path} as ${who ?? 'nobody'}`).to.deep.equal([status, code]);
    }
  });

  it('refuses periods the specification has no file for, naming the forms it has', async () => {
    for (const period of ['2026-Q4', '2026-11', '2024-H2', '2024', '2026-13', 'H2']) {
      const response = await get(`/exports/uk-packaging-data/${period}.csv`, 'Box Co');
      const body = await response.json() as { errors: { message: string; extensions: { code: string } }[] };
      expect(response.status, period).to.equal(400);
      expect(body.errors[0]?.extensions.code).to.equal('BAD_USER_INPUT');
      expect(body.errors[0]?.message).to.equal('period must be a half-year from 2025 for a large organisation (2026-H1, 2026-H2) or a year from 2025 for a small one (2026, filed as 2026-P0)');
    }
  });

  it('refuses a producer without a 6-digit EPR organisation ID, saying why', async () => {
    for (const [who, has] of [['No Id Co', 'has no registration number'], ['Companies Co', 'has the registration number "01234567"']] as const) {
      const response = await get('/exports/uk-packaging-data/2026-H2.csv', who);
      const body = await response.json() as { errors: { message: string; extensions: { code: string } }[] };
      expect([response.status, body.errors[0]?.extensions.code]).to.deep.equal([409, 'EPR_ORGANISATION_ID_MISSING']);
      expect(body.errors[0]?.message).to.equal(`The UK packaging data file is filed under the producer's 6-digit EPR organisation ID, taken from its registration number; ${who} ${has}.`);
    }
    // GreenLoop's own export needs no EPR ID.
    expect((await get('/exports/producer-data/2026-H2.csv', 'No Id Co')).status).to.equal(200);
  });
});
