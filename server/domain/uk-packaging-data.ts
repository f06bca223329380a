import type { Rag } from './epr.js';
import type { Material, PackagingClass, PackagingFormat } from './packaging.js';

// A producer's period data as the UK "packaging data file" of extended producer responsibility, the CSV a producer
// uploads to the Report packaging data service: pure mapping from what GreenLoop counted to the file's columns and
// codes, and the rendering. GreenLoop's own export (epr-export.ts) stays beside it: it keeps what this file cannot
// say (types, SKUs, revisions, units, exact grams, the rule version).
//
// The specification, and which version:
//   "Packaging data file specification for extended producer responsibility", Defra and the Environment Agency,
//   the gov.uk page "Updated 6 March 2025", in the layout for data from 2025 on: 15 columns, the last two
//   `transitional_packaging_units` and `ram_rag_rating`, plastic reported Flexible or Rigid, half-year periods
//   `YYYY-H1`/`YYYY-H2` for large organisations and `YYYY-P0` (the whole year) for small ones.
//   The column names, their order and the rules below are those the service enforces on upload, read in DEFRA's
//   published validation code (epr-pom-func-submission-check-splitter: the header is compared column by column;
//   epr-pom-func-producer-validation: codes and combinations). GreenLoop writes its own code from them.
//
// How GreenLoop's facts become rows (every decision, with its reason):
// - organisation_id: the producer's EPR organisation ID, six digits. GreenLoop keeps one registration number per
//   organisation; it is used when it is exactly six digits. Missing or of another form (a Companies House number
//   has eight characters) the file is refused (`eprOrganisationId`): a wrong ID would file the data under someone
//   else, so nothing is guessed.
// - subsidiary_id: empty. GreenLoop knows no groups; each producer reports as itself.
// - organisation_size and submission_period: from the period asked for (`ukSubmissionOf`). The specification ties
//   them together: a large organisation reports each half-year (`2026-H1` -> `L`, `2026-H1`), a small one the year
//   (`2026` -> `S`, `2026-P0`). GreenLoop does not know a producer's turnover or tonnage; the producer chooses the
//   file that fits it. Quarters, months and years before 2025 (another layout) are refused.
// - packaging_activity: `SE`, sold as empty packaging, on every row. GreenLoop's producers make the packaging a
//   platform's checkout offers; the platform's sellers fill it and send it to the buyer. What the producer itself
//   did with that packaging is supply it empty. (A producer that packs its own orders would be `PF`, packer/filler;
//   GreenLoop records no link between a producer and a platform, so it cannot tell.)
// - packaging_type and packaging_class: packaging chosen at checkout is the parcel a buyer receives at home: household
//   packaging (`HH`) of the class shipment packaging (`P3`, packaging used to send goods to the end user, as in
//   e-commerce). Reusable units (GreenLoop counts a unit once, when first issued) are reusable packaging (`RU`) of
//   the class non-primary (`P5`): a crate that carries a parcel is not primary packaging. A small organisation
//   reports everything as `SP` (small organisation packaging, all) with the class `P3`, as the specification has it.
// - packaging_material: ALUMINIUM `AL`, FIBRE_COMPOSITE `FC`, GLASS `GL`, PAPER_CARD `PC`, PLASTIC `PL`, STEEL `ST`,
//   WOOD `WD`, OTHER `OT`.
// - packaging_material_subtype: for plastic household packaging of a large organisation, `Flexible` or `Rigid` from
//   the packaging's format at the revision placed (a box is rigid; an envelope, a bag, a mailer, void fill and tape are
//   films or film-like: flexible; OTHER is reported rigid, the class of everything that is not a film). For OTHER
//   material the specification asks for the material's name, which GreenLoop does not record: the row says so in
//   words (`OTHER_MATERIAL_NAME`), to be replaced by the producer before upload. Otherwise empty, as the
//   specification requires (plastic of reusable or small-organisation rows included).
// - from_country and to_country: empty. The specification fills them only for self-managed waste (`CW`, `OW`) and
//   forbids them on every other row; GreenLoop has no nation data and needs none here.
// - packaging_material_weight: whole kilograms. Each row's grams are summed first and rounded once, half up, so the
//   file's total differs from GreenLoop's by less than half a kilogram a row; a row under 500 g is written as 1 kg,
//   since the specification refuses 0 and leaving the row out would under-report. The exact grams are in GreenLoop's
//   own export.
// - packaging_material_units and transitional_packaging_units: empty; they are for drinks containers and
//   transitional units, which GreenLoop does not handle.
// - ram_rag_rating: on household rows of a large organisation, the fee band GreenLoop gives the packaging's
//   recyclability grade (EPR_RULES.ragByGrade): GREEN `G`, AMBER `A`, RED `R`. Empty elsewhere, as required
//   (reusable rows and small organisations report no rating).
// - Rows: one per distinct combination of the coded columns (the specification refuses two rows with the same),
//   ordered by type, class, material, subtype and rating.
// - Not in the file: packaging the producer declared as placed outside GreenLoop (`declarePlacedOnMarket`). Those
//   lines carry a material, grams, a fee band and the producer's own words for the activity, but no packaging type,
//   class or plastic form: their codes cannot be derived without inventing them, and the producer, who has the
//   detail, reports them itself.

export const UK_PACKAGING_DATA_SPEC = {
  title: 'Packaging data file specification for extended producer responsibility',
  publisher: 'Department for Environment, Food & Rural Affairs and Environment Agency',
  updated: '6 March 2025',
  layout: 'data from 2025 on (15 columns, ram_rag_rating last)',
  url: 'https://www.gov.uk/government/publications/packaging-data-how-to-create-your-file-for-extended-producer-responsibility/packaging-data-file-specification-for-extended-producer-responsibility',
} as const;

export const UK_PACKAGING_DATA_COLUMNS = [
  'organisation_id',
  'subsidiary_id',
  'organisation_size',
  'submission_period',
  'packaging_activity',
  'packaging_type',
  'packaging_class',
  'packaging_material',
  'packaging_material_subtype',
  'from_country',
  'to_country',
  'packaging_material_weight',
  'packaging_material_units',
  'transitional_packaging_units',
  'ram_rag_rating',
] as const;
export type UkPackagingDataColumn = (typeof UK_PACKAGING_DATA_COLUMNS)[number];
export type UkPackagingDataRow = Readonly<Record<UkPackagingDataColumn, string>>;

/** The first year whose data uses this layout; earlier years used other periods (P1-P4) and no ratings. */
export const FIRST_YEAR = 2025;

export const UK_PERIOD_FORMAT = `a half-year from ${String(FIRST_YEAR)} for a large organisation (2026-H1, 2026-H2) or a year from ${String(FIRST_YEAR)} for a small one (2026, filed as 2026-P0)`;

/** What the material is called on OTHER rows, where the specification wants the material's name. */
export const OTHER_MATERIAL_NAME = 'Not recorded in GreenLoop';

export type OrganisationSize = 'L' | 'S';

export interface UkSubmission {
  readonly organisationSize: OrganisationSize;
  /** As the file writes it: `2026-H1`, `2026-H2`, `2026-P0`. */
  readonly submissionPeriod: string;
}

/** The file a GreenLoop period gives: a half-year is a large organisation's, a year a small one's; null for others. */
export function ukSubmissionOf(period: string): UkSubmission | null {
  const match = /^(\d{4})(?:-(H[12]))?$/.exec(period);
  if (!match?.[1] || Number(match[1]) < FIRST_YEAR) return null;
  return match[2] ? { organisationSize: 'L', submissionPeriod: period } : { organisationSize: 'S', submissionPeriod: `${match[1]}-P0` };
}

/** The EPR organisation ID the file is filed under, from the registration number; the reason when there is none. */
export function eprOrganisationId(organisation: { readonly name: string; readonly registrationNumber: string | null }): { id: string } | { problem: string } {
  const number = organisation.registrationNumber;
  if (number !== null && /^\d{6}$/.test(number)) return { id: number };
  const has = number === null ? 'has no registration number' : `has the registration number "${number}"`;
  return { problem: `The UK packaging data file is filed under the producer's 6-digit EPR organisation ID, taken from its registration number; ${organisation.name} ${has}.` };
}

/** One packaging type (at one revision) placed on the market in the period, with what the file needs of it. */
export interface UkPlacement {
  readonly material: Material;
  /** GreenLoop's class: REUSABLE marks reusable units (counted when issued). */
  readonly packagingClass: PackagingClass;
  /** The format at the revision placed: it tells flexible from rigid plastic. */
  readonly format: PackagingFormat;
  /** The fee band of the revision's recyclability grade. */
  readonly rag: Rag;
  readonly units: number;
  readonly massGrams: number;
}

export const MATERIAL_CODES: Readonly<Record<Material, string>> = {
  ALUMINIUM: 'AL',
  FIBRE_COMPOSITE: 'FC',
  GLASS: 'GL',
  PAPER_CARD: 'PC',
  PLASTIC: 'PL',
  STEEL: 'ST',
  WOOD: 'WD',
  OTHER: 'OT',
};

export const RAM_RATING_CODES: Readonly<Record<Rag, string>> = { GREEN: 'G', AMBER: 'A', RED: 'R' };

export const PLASTIC_FORMS: Readonly<Record<PackagingFormat, 'Flexible' | 'Rigid'>> = {
  BOX: 'Rigid',
  ENVELOPE: 'Flexible',
  BAG: 'Flexible',
  MAILER: 'Flexible',
  FILLER: 'Flexible',
  TAPE: 'Flexible',
  OTHER: 'Rigid',
};

/** Whole kilograms of a row: grams rounded half up, at least 1 kg for any mass (the specification refuses 0). */
export function wholeKilograms(grams: number): number {
  return Math.max(1, Math.floor((grams + 500) / 1000));
}

type Coded = Omit<UkPackagingDataRow, 'organisation_id' | 'organisation_size' | 'submission_period' | 'packaging_material_weight'>;

function codedColumns(size: OrganisationSize, p: UkPlacement): Coded {
  const reusable = p.packagingClass === 'REUSABLE';
  const household = size === 'L' && !reusable;
  const material = MATERIAL_CODES[p.material];
  const subtype = p.material === 'OTHER' ? OTHER_MATERIAL_NAME : p.material === 'PLASTIC' && household ? PLASTIC_FORMS[p.format] : '';
  return {
    subsidiary_id: '',
    packaging_activity: 'SE',
    packaging_type: size === 'S' ? 'SP' : reusable ? 'RU' : 'HH',
    packaging_class: size === 'L' && reusable ? 'P5' : 'P3',
    packaging_material: material,
    packaging_material_subtype: subtype,
    from_country: '',
    to_country: '',
    packaging_material_units: '',
    transitional_packaging_units: '',
    ram_rag_rating: household ? RAM_RATING_CODES[p.rag] : '',
  };
}

const ORDER: readonly UkPackagingDataColumn[] = ['packaging_type', 'packaging_class', 'packaging_material', 'packaging_material_subtype', 'ram_rag_rating'];

/**
 * The file's rows: placements mapped to their codes, summed per distinct combination of coded columns, each sum
 * rounded once to whole kilograms. Placements without mass make no row.
 */
export function ukPackagingDataRows(organisationId: string, submission: UkSubmission, placements: readonly UkPlacement[]): UkPackagingDataRow[] {
  const sums = new Map<string, { coded: Coded; grams: number }>();
  for (const p of placements) {
    const grams = p.units * p.massGrams;
    if (grams <= 0) continue;
    const coded = codedColumns(submission.organisationSize, p);
    const key = JSON.stringify(coded);
    sums.set(key, { coded, grams: (sums.get(key)?.grams ?? 0) + grams });
  }
  const rows = [...sums.values()].map(({ coded, grams }): UkPackagingDataRow => ({
    ...coded,
    organisation_id: organisationId,
    organisation_size: submission.organisationSize,
    submission_period: submission.submissionPeriod,
    packaging_material_weight: String(wholeKilograms(grams)),
  }));
  return rows.sort((a, b) => {
    for (const column of ORDER) {
      if (a[column] !== b[column]) return a[column] < b[column] ? -1 : 1;
    }
    return 0;
  });
}

/**
 * The CSV: the header, then a line per row, CRLF-separated. Every value is a code, digits or fixed text, so no
 * field needs quoting; one that would is a programming error and throws rather than writing a file that misreads.
 */
export function ukPackagingDataCsv(rows: readonly UkPackagingDataRow[]): string {
  const lines = rows.map((row) => UK_PACKAGING_DATA_COLUMNS.map((column) => {
    const value = row[column];
    if (/[",\r\n]/.test(value)) throw new RangeError(`${column} "${value}" would need quoting in the UK packaging data file`);
    return value;
  }).join(','));
  return [UK_PACKAGING_DATA_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
