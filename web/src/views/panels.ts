// Panels more than one view shows: recycling against target, rankings, green impact figures and trends.
import { COLORS, categoryAxis, truncatedLabels, valueAxis, type ChartBoard, type ChartOption } from '../charts';
import type { Kpi } from '../dom';
import type { ComplianceFieldsFragment, GreenImpactFieldsFragment, RankingFieldsFragment, RankingKind } from '../generated/graphql';
import type { MessageKey, Translator } from '../i18n';

/** A material's line of a compliance report, as every view asks it (the producer's also has its fee bands). */
type ComplianceLine = ComplianceFieldsFragment['lines'][number];

type ImpactMetric = 'parcels' | 'greenChoiceSharePct' | 'notReboxedRatePct' | 'reusableUnitsInService' | 'reuseCycles' | 'co2eAvoidedKg' | 'creditsIssued' | 'creditsRedeemed';

const metricValue = (impact: GreenImpactFieldsFragment, metric: ImpactMetric): number =>
  metric === 'co2eAvoidedKg' ? impact.co2eAvoidedGrams / 1000 : impact[metric];

/** A share of no parcels is no figure at all: a gap in a line, a dash in a table, not 0 %. */
const trendValue = (impact: GreenImpactFieldsFragment, metric: ImpactMetric): number | null =>
  (metric === 'greenChoiceSharePct' || metric === 'notReboxedRatePct') && impact.parcels === 0 ? null : metricValue(impact, metric);

const metricDigits = (metric: ImpactMetric) => (metric === 'co2eAvoidedKg' ? 3 : metric.endsWith('Pct') ? 2 : 0);

export function impactKpis(tr: Translator, impact: GreenImpactFieldsFragment, metrics: readonly ImpactMetric[]): Kpi[] {
  return metrics.map((metric) => ({ id: metric, label: tr.t(`metric.${metric}`), value: tr.number(metricValue(impact, metric), metricDigits(metric)) }));
}

/** A recycling bar's colour: at or above target green, within the at-risk margin amber, further below red. */
export function recoveryTone(line: Pick<ComplianceLine, 'recyclingRatePct' | 'targetPct'>, atRiskMarginPct = 10): 'good' | 'warn' | 'bad' {
  if (line.recyclingRatePct >= line.targetPct) return 'good';
  return line.recyclingRatePct >= line.targetPct - atRiskMarginPct ? 'warn' : 'bad';
}
const TONE_COLOR = { good: COLORS.good, warn: COLORS.warn, bad: COLORS.bad } as const;

export interface RecoveryRow { readonly producer?: string; readonly line: ComplianceLine }

/** Bars of recycling rate, one per producer and material, each with its target marked. */
export function recoveryPanel(board: ChartBoard, tr: Translator, spec: { id: string; title: string; note?: string; rows: readonly RecoveryRow[] }): HTMLElement {
  const { rows } = spec;
  const categories = rows.map((r) => (r.producer ? `${r.producer}\n${tr.label('material', r.line.material)}` : tr.label('material', r.line.material)));
  const max = Math.max(100, ...rows.map((r) => r.line.recyclingRatePct));
  const option: ChartOption | null = rows.length === 0 ? null : {
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${tr.number(Number(v))} %` },
    legend: { top: 0, data: [tr.t('series.recovery'), tr.t('series.target')] },
    grid: { left: 64, right: 24, top: 40, bottom: rows.some((r) => r.producer) ? 64 : 40 },
    xAxis: categoryAxis(categories, { axisLabel: { fontSize: 12, interval: 0, lineHeight: 16, margin: 10 } }),
    yAxis: valueAxis(tr.t('axis.recoveryPct'), { max: Math.ceil(max / 10) * 10, axisLabel: { formatter: '{value} %' } }),
    series: [
      {
        type: 'bar',
        name: tr.t('series.recovery'),
        barMaxWidth: 48,
        itemStyle: { color: COLORS.good },
        // inside the bar, clear of the target mark just above it; above a bar too short to hold it
        label: { show: true, formatter: (p) => `${tr.number(Number(p.value))} %`, fontWeight: 'bold' },
        data: rows.map((r) => ({
          value: r.line.recyclingRatePct,
          itemStyle: { color: TONE_COLOR[recoveryTone(r.line)] },
          label: r.line.recyclingRatePct >= 12 ? { position: 'insideTop', color: '#fff' } : { position: 'top', color: COLORS.target },
        })),
      },
      {
        type: 'scatter',
        name: tr.t('series.target'),
        symbol: 'rect',
        symbolSize: [36, 4],
        itemStyle: { color: COLORS.target },
        label: { show: true, position: 'right', fontSize: 11, color: COLORS.target, formatter: (p) => `${tr.t('series.target')} ${tr.number(Number(p.value))} %` },
        z: 5,
        data: rows.map((r) => r.line.targetPct),
      },
    ],
  };
  return board.panel({
    id: spec.id,
    title: spec.title,
    ...(spec.note ? { note: spec.note } : {}),
    option,
    table: {
      columns: [...(rows.some((r) => r.producer) ? [tr.t('col.producer')] : []), tr.t('col.material'), tr.t('col.placed'), tr.t('col.recovered'), tr.t('col.rate'), tr.t('col.target'), tr.t('col.status')],
      rows: rows.map((r) => [
        ...(r.producer ? [r.producer] : []),
        tr.label('material', r.line.material),
        tr.kg(r.line.placedOnMarketGrams),
        tr.kg(r.line.recoveredGrams),
        tr.number(r.line.recyclingRatePct),
        tr.number(r.line.targetPct),
        tr.t(({ good: 'status.COMPLIANT', warn: 'status.AT_RISK', bad: 'status.NON_COMPLIANT' } as const)[recoveryTone(r.line)]),
      ]),
      numeric: rows.some((r) => r.producer) ? [2, 3, 4, 5] : [1, 2, 3, 4],
    },
  });
}

const RANK_COLOR: Record<RankingKind, string> = { PRODUCER: COLORS.primary, PLATFORM: COLORS.secondary, COLLECTION_POINT: COLORS.tertiary };

/** The width left of a ranking's bars for the organizations' names: under half the chart, cut with an ellipsis. */
export const rankingLabelWidth = (chartWidth: number) => Math.max(96, Math.min(280, chartWidth * 0.45));

/**
 * A ranking as horizontal bars, first place on top, each bar with its figure at its end (the panel's title names the
 * figure, so the value axis has no labels or name to crowd a narrow chart); a long name is cut, and shown whole in
 * its tooltip.
 */
export function rankingPanel(board: ChartBoard, tr: Translator, kind: RankingKind, rows: readonly RankingFieldsFragment[]): HTMLElement {
  const digits = kind === 'COLLECTION_POINT' ? 0 : 2;
  const option = (width: number): ChartOption => {
    const labelWidth = rankingLabelWidth(width);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => tr.number(Number(v), digits) },
      grid: { left: labelWidth + 16, right: 64, top: 8, bottom: 8, outerBoundsMode: 'none' },
      xAxis: { type: 'value', axisLabel: { show: false }, splitNumber: 4 },
      yAxis: categoryAxis(rows.map((r) => `${String(r.rank)}. ${r.organization.name}`), { inverse: true, ...truncatedLabels(labelWidth) }),
      series: [{
        type: 'bar',
        name: tr.t(`rank.${kind}`),
        barMaxWidth: 24,
        itemStyle: { color: RANK_COLOR[kind] },
        label: { show: true, position: 'right', formatter: (p) => tr.number(Number(p.value), digits) },
        data: rows.map((r) => r.score),
      }],
    };
  };
  return board.panel({
    id: `ranking-${kind}`,
    title: tr.t(`rank.${kind}`),
    option: rows.length === 0 ? null : option,
    height: Math.max(120, 24 + rows.length * 36),
    table: {
      columns: [tr.t('col.rank'), tr.t('col.organization'), tr.t(`rank.${kind}`)],
      rows: rows.map((r) => [String(r.rank), r.organization.name, tr.number(r.score, digits)]),
      numeric: [0, 2],
    },
  });
}

interface TrendSeries { readonly metric: ImpactMetric; readonly type: 'bar' | 'line'; readonly axis: 0 | 1; readonly color: string }

/** Green impact month by month: bars and lines on up to two axes (counts left, shares right). */
export function trendPanel(
  board: ChartBoard,
  tr: Translator,
  spec: { id: string; title: string; note?: string; months: readonly string[]; impacts: readonly (GreenImpactFieldsFragment | null)[]; series: readonly TrendSeries[]; axes: readonly MessageKey[]; tableMetrics: readonly ImpactMetric[] },
): HTMLElement {
  const { months, impacts } = spec;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 64, right: spec.axes.length > 1 ? 64 : 24, top: 40, bottom: 64 },
    xAxis: categoryAxis(months, { axisLabel: { fontSize: 11, interval: 0, rotate: 45 } }),
    yAxis: spec.axes.map((key, i) => valueAxis(tr.t(key), i === 1 ? { max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } } : { minInterval: 1 })),
    series: spec.series.map((s) => ({
      type: s.type,
      name: tr.t(`metric.${s.metric}`),
      yAxisIndex: s.axis,
      itemStyle: { color: s.color },
      ...(s.type === 'bar' ? { barMaxWidth: 24 } : { symbolSize: 7, lineStyle: { width: 2.5 }, connectNulls: false }),
      // the figures of the months that have any, at the bar's top or the line's point
      label: { show: true, position: 'top', fontSize: 11, formatter: (p: { value: unknown }) => (p.value === null || Number(p.value) === 0 ? '' : tr.number(Number(p.value), metricDigits(s.metric))) },
      data: impacts.map((impact) => (impact ? trendValue(impact, s.metric) : null)),
    })),
  };
  return board.panel({
    id: spec.id,
    title: spec.title,
    ...(spec.note ? { note: spec.note } : {}),
    option,
    table: {
      columns: [tr.t('col.month'), ...spec.tableMetrics.map((m) => tr.t(`metric.${m}`))],
      rows: months.map((month, i) => {
        const impact = impacts[i];
        return [month, ...spec.tableMetrics.map((m) => {
          const value = impact ? trendValue(impact, m) : null;
          return value === null ? '–' : tr.number(value, metricDigits(m));
        })];
      }),
      numeric: spec.tableMetrics.map((_, i) => i + 1),
    },
  });
}
