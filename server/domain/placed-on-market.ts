import type { Rag } from './epr.js';
import { MATERIALS, isMaterial, type Material } from './packaging.js';
import type { Period } from './period.js';
import { checkStatementHead } from './period-statement.js';
import { isPlainText } from './plain-text.js';
import { validationError, type UserError } from './user-error.js';

// A producer's declaration of packaging it placed on the market outside GreenLoop's checkouts (its own shop, other
// platforms, business customers): per period, material and activity, as insert-only revisions like recycling reports.
// Compliance adds the latest revision to what GreenLoop counted at its checkouts, and says which is which.

/** The raw GraphQL `PlacedOnMarketInput`. */
export interface PlacedOnMarketInput {
  readonly period: string;
  readonly idempotencyKey: string;
  readonly lines: readonly {
    readonly material: string;
    readonly grams: number;
    readonly activity?: string | null;
    readonly ramRating?: string | null;
    readonly evidence?: readonly string[] | null;
  }[];
}

export interface DeclarationLine {
  readonly material: Material;
  readonly grams: number;
  /** How the packaging reached the market, in the producer's words (e.g. "own web shop", "sold to retailers"). */
  readonly activity: string | null;
  /** The fee band the producer's recyclability assessment gives it; RED when not assessed, as the UK scheme rules. */
  readonly rag: Rag;
  readonly evidence: readonly string[];
}

export interface ParsedDeclaration {
  readonly period: Period;
  readonly lines: readonly DeclarationLine[];
}

const GRAMS_MAX = 1e15;
const LINES_MAX = 50;
const ACTIVITY_MAX = 100;
const EVIDENCE_MAX = 20;
const EVIDENCE_LENGTH_MAX = 500;
const RAGS: readonly Rag[] = ['GREEN', 'AMBER', 'RED'];

/**
 * Validates a declaration: a period that has started; 1 to 50 lines, each material and activity once; whole grams from
 * 0; an optional fee band (GREEN, AMBER or RED; left out: RED, the UK rule for packaging not assessed); up to 20
 * evidence references of plain text.
 */
export function parsePlacedOnMarket(input: PlacedOnMarketInput, nowMs: number): { declaration: ParsedDeclaration; errors: [] } | { declaration: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const period = checkStatementHead(input, nowMs, errors);
  if (input.lines.length === 0 || input.lines.length > LINES_MAX) errors.push(validationError(['input', 'lines'], `give 1 to ${String(LINES_MAX)} lines`));
  const seen = new Set<string>();
  const lines: DeclarationLine[] = [];
  input.lines.forEach((line, i) => {
    const at = (key: string) => ['input', 'lines', String(i), key];
    const activity = line.activity?.trim() ?? '';
    const before = errors.length;
    if (!isMaterial(line.material)) errors.push(validationError(at('material'), `material must be one of ${MATERIALS.join(', ')}`));
    if (!Number.isSafeInteger(line.grams) || line.grams < 0 || line.grams > GRAMS_MAX) errors.push(validationError(at('grams'), 'grams must be a whole number from 0'));
    if (activity.length > ACTIVITY_MAX || (activity !== '' && !isPlainText(activity))) errors.push(validationError(at('activity'), `activity is up to ${String(ACTIVITY_MAX)} characters of plain text`));
    const rag = RAGS.find((r) => r === (line.ramRating ?? 'RED'));
    if (!rag) errors.push(validationError(at('ramRating'), `ramRating must be ${RAGS.join(', ')}`));
    const evidence = (line.evidence ?? []).map((e) => e.trim());
    if (evidence.length > EVIDENCE_MAX || evidence.some((e) => e === '' || e.length > EVIDENCE_LENGTH_MAX || !isPlainText(e))) {
      errors.push(validationError(at('evidence'), `give up to ${String(EVIDENCE_MAX)} evidence references of 1 to ${String(EVIDENCE_LENGTH_MAX)} characters of plain text`));
    }
    const key = `${line.material}:${activity.toLowerCase()}`;
    if (isMaterial(line.material) && seen.has(key)) errors.push(validationError(at('activity'), `${line.material} is declared twice for the same activity`));
    seen.add(key);
    if (errors.length === before && isMaterial(line.material) && rag) lines.push({ material: line.material, grams: line.grams, activity: activity === '' ? null : activity, rag, evidence });
  });
  if (errors.length > 0 || !period) return { declaration: null, errors };
  return { declaration: { period, lines }, errors: [] };
}

/** Grams declared per material and fee band, summed over lines (and activities). */
export function declaredGrams(lines: readonly Pick<DeclarationLine, 'material' | 'rag' | 'grams'>[]): { material: Material; rag: Rag; grams: number }[] {
  const sums = new Map<string, { material: Material; rag: Rag; grams: number }>();
  for (const line of lines) {
    const key = `${line.material}:${line.rag}`;
    const sum = sums.get(key) ?? { material: line.material, rag: line.rag, grams: 0 };
    sums.set(key, { ...sum, grams: sum.grams + line.grams });
  }
  return [...sums.values()];
}
