// An independent reading of the UK "Packaging data file specification for extended producer responsibility"
// (gov.uk, updated 6 March 2025; the layout for data from 2025 on), written from the specification and the rules
// DEFRA's upload service enforces, not from GreenLoop's code: it imports nothing from server/. It reads a file back
// and lists every rule a row breaks, with the row's line number, as the service would refuse it.

/** The 15 columns, in the order the service compares the header with, name by name. */
const HEADER = [
  'organisation_id', 'subsidiary_id', 'organisation_size', 'submission_period', 'packaging_activity', 'packaging_type',
  'packaging_class', 'packaging_material', 'packaging_material_subtype', 'from_country', 'to_country',
  'packaging_material_weight', 'packaging_material_units', 'transitional_packaging_units', 'ram_rag_rating',
];

const ACTIVITIES = ['SO', 'PF', 'IM', 'SE', 'HL', 'OM']; // brand owner, packer/filler, importer, sold as empty, hired or loaned, online marketplace
const TYPES = ['CW', 'OW', 'SP', 'HH', 'NH', 'PB', 'HDC', 'RU', 'NDC'];
const CLASSES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'O1', 'O2', 'B1'];
const MATERIALS = ['PL', 'WD', 'AL', 'ST', 'GL', 'PC', 'FC', 'OT'];
const NATIONS = ['EN', 'NI', 'SC', 'WS'];
const RATINGS = ['R', 'A', 'G', 'R-M', 'A-M', 'G-M'];
const PLASTIC_SUBTYPES = ['flexible', 'rigid'];
/** Packaging activities other than an online marketplace, and the classes each type allows them. */
const NON_MARKETPLACE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  HH: ['P1', 'P3'],
  NH: ['P1', 'P2', 'P3', 'P4'],
  RU: ['P1', 'P5'],
  SP: ['P1', 'P2', 'P3', 'P4'],
};

/** RFC 4180: fields split on commas, quoted fields may hold commas, quotes doubled; records end in CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text.charAt(i + 1) === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text.charAt(i + 1) === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records;
}

export interface CheckedFile {
  /** Every broken rule, `line n: ...`; empty when the file is valid. */
  readonly problems: string[];
  /** The data rows, keyed by column, for a test's own expectations. */
  readonly rows: Record<string, string>[];
}

const year = (period: string) => Number(period.slice(0, 4));

/** Checks a packaging data file against the specification's rules. */
export function checkUkPackagingDataFile(text: string): CheckedFile {
  const problems: string[] = [];
  const records = parseCsv(text);
  const header = records[0] ?? [];
  if (header.join(',') !== HEADER.join(',')) problems.push(`line 1: the header must be exactly ${HEADER.join(',')}; got ${header.join(',')}`);
  const rows: Record<string, string>[] = [];
  const seen = new Map<string, number>();
  const firsts: { organisation?: string; size?: string; period?: string } = {};

  records.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const fail = (rule: string) => problems.push(`line ${String(line)}: ${rule}`);
    if (cells.length !== HEADER.length) {
      fail(`has ${String(cells.length)} fields, not ${String(HEADER.length)}`);
      return;
    }
    const r = Object.fromEntries(HEADER.map((name, i) => [name, cells[i] ?? '']));
    rows.push(r);
    const v = (name: string) => r[name] ?? '';

    // Who and when: one organisation, one size and one period in a file.
    if (!/^\d{6}$/.test(v('organisation_id'))) fail(`organisation_id must be a 6-digit EPR ID: "${v('organisation_id')}"`);
    if (v('subsidiary_id') !== '' && !/^[A-Za-z0-9]{1,32}$/.test(v('subsidiary_id'))) fail(`subsidiary_id is letters and digits: "${v('subsidiary_id')}"`);
    const size = v('organisation_size');
    if (size !== 'L' && size !== 'S') fail(`organisation_size must be L or S: "${size}"`);
    const period = v('submission_period');
    if (size === 'L' && !(/^\d{4}-H[12]$/.test(period) && year(period) >= 2025)) fail(`a large organisation reports a half-year from 2025 (YYYY-H1, YYYY-H2): "${period}"`);
    if (size === 'S' && !(/^\d{4}-P0$/.test(period) && year(period) >= 2025)) fail(`a small organisation reports the year from 2025 (YYYY-P0): "${period}"`);
    for (const [what, value] of [['organisation', v('organisation_id')], ['size', size], ['period', period]] as const) {
      firsts[what] ??= value;
      if (firsts[what] !== value) fail(`every row must have the same ${what} (${firsts[what]}), not ${value}`);
    }

    // What: codes from their lists, in the combinations the specification allows.
    const activity = v('packaging_activity');
    const type = v('packaging_type');
    const cls = v('packaging_class');
    const material = v('packaging_material');
    if (!ACTIVITIES.includes(activity)) fail(`packaging_activity is not a code: "${activity}"`);
    if (!TYPES.includes(type)) fail(`packaging_type is not a code: "${type}"`);
    if (!CLASSES.includes(cls)) fail(`packaging_class is not a code: "${cls}"`);
    if (!MATERIALS.includes(material)) fail(`packaging_material is not a code: "${material}"`);
    if (size === 'S' && type !== 'SP' && type !== 'HDC') fail(`a small organisation reports SP or HDC packaging, not ${type}`);
    if (size === 'L' && type === 'SP') fail('SP is for small organisations only');
    const allowed = activity !== 'OM' ? NON_MARKETPLACE_CLASSES[type] : undefined;
    if (allowed && !allowed.includes(cls)) fail(`${type} packaging (activity ${activity}) takes the class ${allowed.join(', ')}, not ${cls}`);

    // The material's subtype: named for OT; Flexible or Rigid for a large organisation's household plastic; else empty.
    const subtype = v('packaging_material_subtype');
    const householdLike = ['HH', 'PB', 'HDC'].includes(type) && ['P1', 'P3', 'B1', ''].includes(cls);
    if (material === 'OT') {
      if (subtype === '' || /[0-9,]/.test(subtype) || ['plastic', 'hdpe', 'pet'].includes(subtype.toLowerCase())) fail(`OT needs the material's name, without digits or commas: "${subtype}"`);
    } else if (material === 'PL' && size === 'L' && householdLike) {
      if (!PLASTIC_SUBTYPES.includes(subtype.toLowerCase())) fail(`a large organisation's household plastic is Flexible or Rigid: "${subtype}"`);
    } else if (subtype !== '') fail(`packaging_material_subtype must be empty for ${material} on ${type}: "${subtype}"`);

    // Nations: only self-managed waste says where it came from and went.
    for (const column of ['from_country', 'to_country']) {
      const nation = v(column);
      if (type === 'CW' || type === 'OW') {
        if (nation !== '' && !NATIONS.includes(nation)) fail(`${column} is EN, NI, SC or WS: "${nation}"`);
      } else if (nation !== '') fail(`${column} must be empty for ${type}: "${nation}"`);
    }

    // How much: whole kilograms above zero; units only for drinks containers; transitional units a whole number.
    if (!/^[1-9]\d*$/.test(v('packaging_material_weight'))) fail(`packaging_material_weight is whole kilograms above 0: "${v('packaging_material_weight')}"`);
    const units = v('packaging_material_units');
    if (units !== '' && !(['HDC', 'NDC'].includes(type) && /^[1-9]\d*$/.test(units))) fail(`packaging_material_units is only for drinks containers: "${units}"`);
    if (!/^([1-9]\d*)?$/.test(v('transitional_packaging_units'))) fail(`transitional_packaging_units is a whole number above 0 or empty: "${v('transitional_packaging_units')}"`);

    // Recyclability (RAM): every household row of a large organisation rated, every other row not.
    const rating = v('ram_rag_rating');
    const rated = size === 'L' && (householdLike || (type === 'HDC' && material === 'GL'));
    if (rated && !RATINGS.includes(rating)) fail(`a large organisation's ${type} ${cls} row needs ram_rag_rating R, A, G (or -M): "${rating}"`);
    if (!rated && rating !== '') fail(`ram_rag_rating must be empty for ${size} ${type} ${cls}: "${rating}"`);

    // No two rows for the same thing.
    const key = ['subsidiary_id', 'submission_period', 'packaging_activity', 'packaging_type', 'packaging_class', 'packaging_material',
      'packaging_material_subtype', 'from_country', 'to_country', 'ram_rag_rating'].map((c) => v(c).toLowerCase()).join('|');
    const before = seen.get(key);
    if (before !== undefined) fail(`duplicates line ${String(before)} (same activity, type, class, material, subtype, nations, period and rating)`);
    else seen.set(key, line);
  });
  return { problems, rows };
}
