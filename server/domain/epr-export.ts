import type { Rag } from './epr.js';
import type { Material, PackagingClass, RecyclabilityGrade } from './packaging.js';

// A producer's period data as CSV, one row per packaging type (and revision) placed on the market, modelled on the
// UK EPR packaging data file (organisation, period, packaging type and class, material, weight).

export const EXPORT_COLUMNS = [
  'organisation_id',
  'organisation_name',
  'submission_period',
  'packaging_type_id',
  'packaging_sku',
  'packaging_revision',
  'packaging_class',
  'packaging_material',
  'recyclability_grade',
  'ram_rating',
  'units_placed',
  'unit_weight_g',
  'packaging_material_weight_g',
  'packaging_material_weight_tonnes',
  'rule_version',
] as const;

export interface ExportRow {
  readonly packagingTypeId: string;
  readonly sku: string;
  readonly revision: number;
  readonly packagingClass: PackagingClass;
  readonly material: Material;
  readonly grade: RecyclabilityGrade;
  readonly rag: Rag;
  readonly units: number;
  readonly massGrams: number;
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a leading = + - @ is prefixed with ' so a
 * spreadsheet never runs producer-typed text as a formula.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function exportCsv(organisation: { id: string; name: string }, period: string, ruleVersion: string, rows: readonly ExportRow[]): string {
  const sorted = [...rows].sort((a, b) => a.material.localeCompare(b.material) || a.sku.localeCompare(b.sku) || a.revision - b.revision);
  const lines = sorted.map((r) => {
    const grams = r.units * r.massGrams;
    return [
      organisation.id, organisation.name, period, r.packagingTypeId, r.sku, r.revision, r.packagingClass, r.material, r.grade, r.rag,
      r.units, r.massGrams, grams, (grams / 1e6).toFixed(6), ruleVersion,
    ].map(csvField).join(',');
  });
  return [EXPORT_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}
