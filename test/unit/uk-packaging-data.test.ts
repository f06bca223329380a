// The UK packaging data file (issue #17, item 8): GreenLoop's placements mapped to the specification's columns and
// codes, with rows and weights worked by hand, and every produced file read back by an independent checker of the
// specification's rules (test/support/uk-packaging-data-checker.ts).
import { expect } from 'chai';
import {
  UK_PACKAGING_DATA_COLUMNS, UK_PACKAGING_DATA_SPEC, eprOrganisationId, ukPackagingDataCsv, ukPackagingDataRows, ukSubmissionOf, wholeKilograms,
  type UkPlacement,
} from '../../server/domain/uk-packaging-data.js';
import { checkUkPackagingDataFile } from '../support/uk-packaging-data-checker.js';

const placement = (over: Partial<UkPlacement> & Pick<UkPlacement, 'material' | 'units' | 'massGrams'>): UkPlacement =>
  ({ packagingClass: 'STANDARD', format: 'BOX', rag: 'RED', ...over });

// One producer's half-year, by packaging type and revision (grams = units x mass):
//   paper green box, rev 1        4 x 150 =    600 g  GREEN  }  PC G: 600 + 450 = 1,050 g -> 1 kg (1.05 rounds down)
//   paper green box, rev 2        3 x 150 =    450 g  GREEN  }
//   paper plain box               2 x 400 =    800 g  RED    }  PC R: 800 + 400 = 1,200 g -> 1 kg; rounded apart they
//   paper plain box, other SKU    1 x 400 =    400 g  RED    }  would make 1 + 1 = 2 kg (each under 500 g is 1 kg)
//   plastic mailer (flexible)  1000 x 35  = 35,000 g  AMBER     PL Flexible A: 35 kg
//   plastic box (rigid)           3 x 499 =  1,497 g  RED       PL Rigid R: 1.497 -> 1 kg
//   aluminium bag                 1 x 20  =     20 g  GREEN     AL G: 0.02 -> 1 kg (the specification refuses 0)
//   other-material envelope      10 x 250 =  2,500 g  RED       OT R: 2.5 -> 3 kg (half up)
//   reusable plastic crate        2 x 900 =  1,800 g  (units issued)  RU P5 PL: 1.8 -> 2 kg, no subtype, no rating
//   a placement without mass      0 x 150 =      0 g             no row
const PLACEMENTS: UkPlacement[] = [
  placement({ material: 'PAPER_CARD', packagingClass: 'GREEN', rag: 'GREEN', units: 4, massGrams: 150 }),
  placement({ material: 'PLASTIC', format: 'MAILER', packagingClass: 'REDUCED', rag: 'AMBER', units: 1000, massGrams: 35 }),
  placement({ material: 'PAPER_CARD', rag: 'RED', units: 2, massGrams: 400 }),
  placement({ material: 'PLASTIC', packagingClass: 'REUSABLE', rag: 'GREEN', units: 2, massGrams: 900 }),
  placement({ material: 'PAPER_CARD', packagingClass: 'GREEN', rag: 'GREEN', units: 3, massGrams: 150 }),
  placement({ material: 'PLASTIC', format: 'BOX', rag: 'RED', units: 3, massGrams: 499 }),
  placement({ material: 'ALUMINIUM', format: 'BAG', packagingClass: 'GREEN', rag: 'GREEN', units: 1, massGrams: 20 }),
  placement({ material: 'OTHER', format: 'ENVELOPE', rag: 'RED', units: 10, massGrams: 250 }),
  placement({ material: 'PAPER_CARD', rag: 'RED', units: 1, massGrams: 400 }),
  placement({ material: 'PAPER_CARD', rag: 'RED', units: 0, massGrams: 150 }),
];

const fields = (line: string) => line.split(',');

describe('the UK packaging data file', () => {
  it('names the specification and version it implements, and its 15 columns in order', () => {
    expect(UK_PACKAGING_DATA_SPEC).to.deep.include({ title: 'Packaging data file specification for extended producer responsibility', updated: '6 March 2025' });
    expect(UK_PACKAGING_DATA_COLUMNS).to.deep.equal([
      'organisation_id', 'subsidiary_id', 'organisation_size', 'submission_period', 'packaging_activity', 'packaging_type', 'packaging_class',
      'packaging_material', 'packaging_material_subtype', 'from_country', 'to_country', 'packaging_material_weight', 'packaging_material_units',
      'transitional_packaging_units', 'ram_rag_rating',
    ]);
  });

  it('files under a 6-digit EPR organisation ID and refuses a producer without one', () => {
    expect(eprOrganisationId({ name: 'Box Co', registrationNumber: '100123' })).to.deep.equal({ id: '100123' });
    for (const registrationNumber of [null, '12345', '1234567', '01234567', 'SC123456', '10012a', ' 100123']) {
      const result = eprOrganisationId({ name: 'Box Co', registrationNumber });
      expect(result, String(registrationNumber)).to.have.property('problem').that.matches(/6-digit EPR organisation ID.*Box Co/);
    }
    expect(eprOrganisationId({ name: 'Box Co', registrationNumber: null })).to.deep.equal({
      problem: 'The UK packaging data file is filed under the producer\'s 6-digit EPR organisation ID, taken from its registration number; Box Co has no registration number.',
    });
  });

  it('takes a half-year as a large organisation’s file and a year as a small one’s, from 2025', () => {
    expect(ukSubmissionOf('2026-H1')).to.deep.equal({ organisationSize: 'L', submissionPeriod: '2026-H1' });
    expect(ukSubmissionOf('2025-H2')).to.deep.equal({ organisationSize: 'L', submissionPeriod: '2025-H2' });
    expect(ukSubmissionOf('2026')).to.deep.equal({ organisationSize: 'S', submissionPeriod: '2026-P0' });
    for (const period of ['2024-H2', '2024', '2026-Q3', '2026-06', '2026-H3', '2026-P0', '26-H1', '']) expect(ukSubmissionOf(period), period).to.equal(null);
  });

  it('rounds each row’s grams once to whole kilograms, half up, never to 0', () => {
    expect([1, 499, 500, 1499, 1500, 2500, 35_000, 1_000_000_499].map(wholeKilograms)).to.deep.equal([1, 1, 1, 1, 2, 3, 35, 1_000_000]);
  });

  it('maps a large organisation’s half-year to household shipment rows, reusable units apart (worked by hand)', () => {
    const rows = ukPackagingDataRows('100123', { organisationSize: 'L', submissionPeriod: '2026-H2' }, PLACEMENTS);
    const csv = ukPackagingDataCsv(rows);
    expect(csv.endsWith('\r\n')).to.equal(true);
    const lines = csv.slice(0, -2).split('\r\n');
    expect(lines[0]).to.equal(UK_PACKAGING_DATA_COLUMNS.join(','));
    expect(lines.slice(1)).to.deep.equal([
      '100123,,L,2026-H2,SE,HH,P3,AL,,,,1,,,G',
      '100123,,L,2026-H2,SE,HH,P3,OT,Not recorded in GreenLoop,,,3,,,R',
      '100123,,L,2026-H2,SE,HH,P3,PC,,,,1,,,G',
      '100123,,L,2026-H2,SE,HH,P3,PC,,,,1,,,R',
      '100123,,L,2026-H2,SE,HH,P3,PL,Flexible,,,35,,,A',
      '100123,,L,2026-H2,SE,HH,P3,PL,Rigid,,,1,,,R',
      '100123,,L,2026-H2,SE,RU,P5,PL,,,,2,,,',
    ]);
    expect(lines.every((line) => fields(line).length === 15)).to.equal(true);
    expect(checkUkPackagingDataFile(csv).problems).to.deep.equal([]);
  });

  it('maps a small organisation’s year to SP rows without subtype or rating (worked by hand)', () => {
    // SP P3 per material: AL 20 g -> 1; OT 2,500 g -> 3; PC 1,050 + 1,200 = 2,250 g -> 2;
    // PL 35,000 + 1,497 + 1,800 (the crates too: SP is all of a small organisation's packaging) = 38,297 g -> 38
    const csv = ukPackagingDataCsv(ukPackagingDataRows('100123', { organisationSize: 'S', submissionPeriod: '2026-P0' }, PLACEMENTS));
    expect(csv.split('\r\n').slice(1, -1)).to.deep.equal([
      '100123,,S,2026-P0,SE,SP,P3,AL,,,,1,,,',
      '100123,,S,2026-P0,SE,SP,P3,OT,Not recorded in GreenLoop,,,3,,,',
      '100123,,S,2026-P0,SE,SP,P3,PC,,,,2,,,',
      '100123,,S,2026-P0,SE,SP,P3,PL,,,,38,,,',
    ]);
    expect(checkUkPackagingDataFile(csv).problems).to.deep.equal([]);
  });

  it('writes only the header when nothing was placed', () => {
    expect(ukPackagingDataCsv(ukPackagingDataRows('100123', { organisationSize: 'L', submissionPeriod: '2026-H1' }, []))).to.equal(`${UK_PACKAGING_DATA_COLUMNS.join(',')}\r\n`);
  });

  it('never writes a value that would need quoting', () => {
    const row = ukPackagingDataRows('100123', { organisationSize: 'L', submissionPeriod: '2026-H1' }, [placement({ material: 'GLASS', units: 1, massGrams: 1 })])[0];
    expect(row).to.not.equal(undefined);
    if (row) expect(() => ukPackagingDataCsv([{ ...row, subsidiary_id: 'a,b' }])).to.throw(RangeError, /subsidiary_id/);
  });
});

describe('the UK packaging data file checker (an independent reading of the specification)', () => {
  const header = UK_PACKAGING_DATA_COLUMNS.join(',');
  const good = '100123,,L,2026-H2,SE,HH,P3,PC,,,,1,,,G';
  const problemsOf = (...lines: string[]) => checkUkPackagingDataFile([header, ...lines].join('\r\n') + '\r\n').problems;
  const swap = (line: string, column: number, value: string) => fields(line).map((f, i) => (i === column ? value : f)).join(',');

  it('passes a valid file and reads its rows', () => {
    expect(problemsOf(good)).to.deep.equal([]);
    expect(checkUkPackagingDataFile(`${header}\r\n${good}\r\n`).rows[0]).to.deep.include({ organisation_id: '100123', packaging_material: 'PC', ram_rag_rating: 'G' });
  });

  it('refuses what the specification refuses', () => {
    const cases: [string, string[], RegExp][] = [
      ['a 5-digit organisation', [swap(good, 0, '10012')], /organisation_id must be a 6-digit EPR ID/],
      ['a quarter', [swap(good, 3, '2026-Q3')], /a large organisation reports a half-year from 2025/],
      ['a 2024 period', [swap(good, 3, '2024-H2')], /a large organisation reports a half-year from 2025/],
      ['a small organisation on a half-year', [swap(swap(good, 2, 'S'), 14, '')], /a small organisation reports the year from 2025/],
      ['an unknown activity', [swap(good, 4, 'XX')], /packaging_activity is not a code/],
      ['household transit packaging', [swap(good, 6, 'P4')], /HH packaging \(activity SE\) takes the class P1, P3, not P4/],
      ['SP for a large organisation', [swap(swap(good, 5, 'SP'), 14, '')], /SP is for small organisations only/],
      ['an unknown material', [swap(good, 7, 'PA')], /packaging_material is not a code/],
      ['household plastic without Flexible or Rigid', [swap(good, 7, 'PL')], /household plastic is Flexible or Rigid/],
      ['a subtype on paper', [swap(good, 8, 'Rigid')], /packaging_material_subtype must be empty for PC/],
      ['OT without a name', [swap(good, 7, 'OT')], /OT needs the material's name/],
      ['a nation on household packaging', [swap(good, 9, 'EN')], /from_country must be empty for HH/],
      ['0 kg', [swap(good, 11, '0')], /whole kilograms above 0: "0"/],
      ['a weight with decimals', [swap(good, 11, '0.6')], /whole kilograms above 0: "0.6"/],
      ['units on a box', [swap(good, 12, '4')], /packaging_material_units is only for drinks containers/],
      ['a household row without a rating', [swap(good, 14, '')], /needs ram_rag_rating/],
      ['a rating on reusable packaging', [swap(swap(good, 5, 'RU'), 6, 'P5')], /ram_rag_rating must be empty for L RU P5/],
      ['two rows for the same thing', [good, swap(good, 11, '7')], /^line 3: duplicates line 2/],
      ['two periods in one file', [good, swap(good, 3, '2026-H1')], /^line 3: every row must have the same period/],
      ['a short row', [good.split(',').slice(0, 14).join(',')], /has 14 fields, not 15/],
    ];
    for (const [what, lines, rule] of cases) expect(problemsOf(...lines).some((p) => rule.test(p)), `${what}: ${problemsOf(...lines).join('; ')}`).to.equal(true);
  });

  it('refuses a header that is not the specification’s, in its order', () => {
    const swapped = ['subsidiary_id', 'organisation_id', ...UK_PACKAGING_DATA_COLUMNS.slice(2)].join(',');
    expect(checkUkPackagingDataFile(`${swapped}\r\n`).problems[0]).to.match(/^line 1: the header must be exactly/);
    expect(checkUkPackagingDataFile(`${UK_PACKAGING_DATA_COLUMNS.slice(0, 14).join(',')}\r\n`).problems).to.have.length(1);
  });
});
