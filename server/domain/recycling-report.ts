import { checkIdempotencyKey } from './checkout-input.js';
import { MATERIALS, isMaterial, type Material } from './packaging.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from './period.js';
import { isPlainText } from './plain-text.js';
import { validationError, type UserError } from './user-error.js';

/** The raw GraphQL `RecyclingReportInput`. */
export interface RecyclingReportInput {
  readonly period: string;
  readonly idempotencyKey: string;
  readonly lines: readonly { readonly material: string; readonly recoveredGrams: number; readonly recycledGrams: number; readonly evidence: readonly string[] }[];
}

export interface ReportLine {
  readonly material: Material;
  readonly recoveredGrams: number;
  readonly recycledGrams: number;
  readonly evidence: readonly string[];
}

export interface ParsedReport {
  readonly period: Period;
  /** In the order of MATERIALS. */
  readonly lines: readonly ReportLine[];
}

const GRAMS_MAX = 1e15; // a billion tonnes: far above any producer, still exact in a double
const EVIDENCE_MAX = 20;
const EVIDENCE_LENGTH_MAX = 500;

/**
 * Validates a producer's report of what was recovered and recycled outside GreenLoop's collection points. A period
 * that has not started cannot be reported on; each material once; recycled never more than recovered; every line
 * names its evidence (a certificate number, an invoice, a URL).
 */
export function parseRecyclingReport(input: RecyclingReportInput, nowMs: number): { report: ParsedReport; errors: [] } | { report: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  if (keyError) errors.push(keyError);
  const period = parsePeriod(input.period);
  if (!period) errors.push(validationError(['input', 'period'], `period must be ${PERIOD_FORMAT}`));
  else if (period.startMs > nowMs) errors.push(validationError(['input', 'period'], 'the period has not started yet'));
  if (input.lines.length === 0 || input.lines.length > MATERIALS.length) errors.push(validationError(['input', 'lines'], `give 1 to ${String(MATERIALS.length)} lines, one per material`));
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    const at = (key: string) => ['input', 'lines', String(i), key];
    if (!isMaterial(line.material)) errors.push(validationError(at('material'), `material must be one of ${MATERIALS.join(', ')}`));
    else if (seen.has(line.material)) errors.push(validationError(at('material'), `${line.material} is listed twice`));
    seen.add(line.material);
    for (const key of ['recoveredGrams', 'recycledGrams'] as const) {
      if (!Number.isSafeInteger(line[key]) || line[key] < 0 || line[key] > GRAMS_MAX) errors.push(validationError(at(key), `${key} must be a whole number of grams from 0`));
    }
    if (line.recycledGrams > line.recoveredGrams) errors.push(validationError(at('recycledGrams'), 'recycledGrams cannot exceed recoveredGrams'));
    if (line.evidence.length === 0 || line.evidence.length > EVIDENCE_MAX) errors.push(validationError(at('evidence'), `give 1 to ${String(EVIDENCE_MAX)} evidence references`));
    if (line.evidence.some((e) => e.trim() === '' || e.length > EVIDENCE_LENGTH_MAX || !isPlainText(e))) {
      errors.push(validationError(at('evidence'), `each evidence reference is 1 to ${String(EVIDENCE_LENGTH_MAX)} characters of plain text`));
    }
  });
  if (errors.length > 0 || !period) return { report: null, errors };
  const lines = MATERIALS.flatMap((m) => {
    const line = input.lines.find((l) => l.material === m);
    return line ? [{ material: m, recoveredGrams: line.recoveredGrams, recycledGrams: line.recycledGrams, evidence: line.evidence.map((e) => e.trim()) }] : [];
  });
  return { report: { period, lines }, errors: [] };
}
