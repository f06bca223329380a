import { checkIdempotencyKey } from './checkout-input.js';
import { MATERIALS, isMaterial, type Material } from './packaging.js';
import type { Period } from './period.js';
import { checkStatementHead } from './period-statement.js';
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
  const period = checkStatementHead(input, nowMs, errors);
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

/** A regulator's answer to one revision of a report. */
export type ReportDecisionKind = 'ACCEPTED' | 'REJECTED';
const DECISIONS: readonly ReportDecisionKind[] = ['ACCEPTED', 'REJECTED'];
const REASON_MAX = 500;

/** The raw GraphQL `ReportDecisionInput`. */
export interface ReportDecisionInput {
  readonly reportId: string;
  readonly decision: string;
  readonly reason: string;
  readonly idempotencyKey: string;
}

export interface ParsedDecision {
  readonly reportId: string;
  readonly decision: ReportDecisionKind;
  readonly reason: string;
}

/** A decision needs a reason a producer can act on (1 to 500 characters of plain text), for an acceptance too. */
export function parseReportDecision(input: ReportDecisionInput): { decision: ParsedDecision; errors: [] } | { decision: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const keyError = checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']);
  if (keyError) errors.push(keyError);
  if (!/^[0-9a-f]{24}$/.test(input.reportId)) errors.push(validationError(['input', 'reportId'], 'reportId is not a report id'));
  const decision = DECISIONS.find((d) => d === input.decision);
  if (!decision) errors.push(validationError(['input', 'decision'], `decision must be ${DECISIONS.join(' or ')}`));
  const reason = input.reason.trim();
  if (reason === '' || reason.length > REASON_MAX || !isPlainText(reason)) {
    errors.push(validationError(['input', 'reason'], `reason must be 1 to ${String(REASON_MAX)} characters of plain text`));
  }
  if (errors.length > 0 || !decision) return { decision: null, errors };
  return { decision: { reportId: input.reportId, decision, reason }, errors: [] };
}

/** Where a revision stands: awaiting the regulator, or decided. */
export type ReportStatus = 'PENDING' | ReportDecisionKind;

/** One revision of a producer's report for one period, with its decision if any. */
export interface ReportRevision {
  readonly producerId: string;
  readonly period: string;
  readonly revision: number;
  readonly status: ReportStatus;
}

/**
 * Which revisions of each producer's reports count, and which await a decision: per producer and report period, the
 * latest ACCEPTED revision counts; the latest revision is pending when it is newer than that and undecided. A
 * rejected revision neither counts nor waits; an older accepted one keeps counting until a newer one is accepted.
 */
export function revisionsThatCount<T extends ReportRevision>(revisions: readonly T[]): { accepted: T[]; pending: T[] } {
  const byReport = new Map<string, T[]>();
  for (const r of revisions) {
    const key = `${r.producerId}:${r.period}`;
    byReport.set(key, [...(byReport.get(key) ?? []), r]);
  }
  const accepted: T[] = [];
  const pending: T[] = [];
  for (const list of byReport.values()) {
    const sorted = [...list].sort((a, b) => a.revision - b.revision);
    const counted = sorted.filter((r) => r.status === 'ACCEPTED').at(-1);
    const latest = sorted.at(-1);
    if (counted) accepted.push(counted);
    if (latest && latest.status === 'PENDING' && latest.revision > (counted?.revision ?? 0)) pending.push(latest);
  }
  return { accepted, pending };
}
