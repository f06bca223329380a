// Panels more than one view shows: recycling against target, rankings, green impact figures and trends.
import type { BarSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import { COLORS, categoryAxis, plotTopBelowLegend, truncatedLabels, valueAxis, type ChartBoard, type ChartOption } from '../charts';
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

/** Room for a target's text ("Target 75 %") beside its mark: under it, the mark alone (the tooltip says it). */
const TARGET_LABEL_SLOT = 132;

/** A bar's rate goes on the bar when the bar is at least this long (pixels), else just beyond its end. */
const RATE_LABEL_ROOM = 56;

/**
 * The recycling bars: green at or above target, amber close below, red further below; each bar's rate on it, at the
 * bar's base when the bars lie (clear of the target mark), at its top when they stand. `lengthPx` is how long a bar
 * of a given rate is drawn.
 */
function recoveryBars(tr: Translator, rows: readonly RecoveryRow[], horizontal: boolean, lengthPx: (rate: number) => number): BarSeriesOption {
  const inside = horizontal ? 'insideLeft' : 'insideTop';
  const outside = horizontal ? 'right' : 'top';
  return {
    type: 'bar',
    name: tr.t('series.recovery'),
    barMaxWidth: horizontal ? 22 : 64,
    itemStyle: { color: COLORS.good },
    label: { show: true, formatter: (p) => `${tr.number(Number(p.value))} %`, fontWeight: 'bold', fontSize: 11 },
    data: rows.map((r) => ({
      value: r.line.recyclingRatePct,
      itemStyle: { color: TONE_COLOR[recoveryTone(r.line)] },
      label: lengthPx(r.line.recyclingRatePct) >= RATE_LABEL_ROOM ? { position: inside, color: '#fff' } : { position: outside, color: COLORS.target },
    })),
  };
}

/** The targets: a mark across each bar, with its text beside it where there is room. */
function recoveryTargets(tr: Translator, rows: readonly RecoveryRow[], horizontal: boolean, withText: boolean): ScatterSeriesOption {
  return {
    type: 'scatter',
    name: tr.t('series.target'),
    symbol: 'rect',
    symbolSize: horizontal ? [4, 26] : [36, 4],
    itemStyle: { color: COLORS.target },
    label: { show: withText, position: 'right', fontSize: 11, color: COLORS.target, formatter: (p) => `${tr.t('series.target')} ${tr.number(Number(p.value))} %` },
    z: 5,
    data: rows.map((r) => r.line.targetPct),
  };
}

/**
 * Bars of recycling rate, each with its target marked: one column per material for a producer; for a regulator, one
 * row per producer and material (a row each, however many producers, their names cut to fit and whole on hover).
 */
export function recoveryPanel(board: ChartBoard, tr: Translator, spec: { id: string; title: string; note?: string; rows: readonly RecoveryRow[] }): HTMLElement {
  const { rows } = spec;
  const horizontal = rows.some((r) => r.producer);
  const categories = rows.map((r) => (r.producer ? `${r.producer}\n${tr.label('material', r.line.material)}` : tr.label('material', r.line.material)));
  const max = Math.max(100, ...rows.map((r) => r.line.recyclingRatePct));
  const top = Math.ceil(max / 10) * 10;
  const rateAxis = (lengthPx: number) => valueAxis(tr.t('axis.recoveryPct'), { max: top, axisLabel: { formatter: '{value} %' }, ...(horizontal ? { nameGap: 28, splitNumber: lengthPx < 240 ? 2 : 5 } : {}) });
  const common: ChartOption = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${tr.number(Number(v))} %` },
    legend: { top: 0, data: [tr.t('series.recovery'), tr.t('series.target')] },
  };
  // a column per material: a material's name wraps within its column
  const columns = (width: number): ChartOption => {
    const slot = (width - 88) / rows.length;
    return {
      ...common,
      grid: { left: 64, right: 24, top: 40, bottom: 56 },
      xAxis: categoryAxis(categories, { axisLabel: { fontSize: 12, interval: 0, lineHeight: 15, margin: 10, width: Math.floor(slot - 6), overflow: 'break' } }),
      yAxis: rateAxis(300),
      series: [recoveryBars(tr, rows, false, () => RATE_LABEL_ROOM), recoveryTargets(tr, rows, false, slot >= TARGET_LABEL_SLOT)],
    };
  };
  // a row per producer and material: the names cut to fit
  const bars = (width: number): ChartOption => {
    const labelWidth = rankingLabelWidth(width);
    const plot = width - labelWidth - 48;
    return {
      ...common,
      grid: { left: labelWidth + 16, right: 32, top: 40, bottom: 48, outerBoundsMode: 'none' },
      xAxis: rateAxis(plot),
      yAxis: categoryAxis(categories, { inverse: true, ...truncatedLabels(labelWidth), axisLabel: { ...truncatedLabels(labelWidth).axisLabel, lineHeight: 15 } }),
      series: [recoveryBars(tr, rows, true, (rate) => (rate / top) * plot), recoveryTargets(tr, rows, true, false)],
    };
  };
  return board.panel({
    id: spec.id,
    title: spec.title,
    ...(spec.note ? { note: spec.note } : {}),
    option: rows.length === 0 ? null : horizontal ? bars : columns,
    ...(horizontal ? { height: 96 + rows.length * 40 } : {}),
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

/** Pixels a bar needs for its figure ("128,450") to stand over it without touching its neighbour's. */
const FIGURE_WIDTH = 46;

interface TrendSeries { readonly metric: ImpactMetric; readonly type: 'bar' | 'line'; readonly axis: 0 | 1; readonly color: string }

/** Green impact month by month: bars and lines on up to two axes (counts left, shares right). */
export function trendPanel(
  board: ChartBoard,
  tr: Translator,
  spec: { id: string; title: string; note?: string; months: readonly string[]; impacts: readonly (GreenImpactFieldsFragment | null)[]; series: readonly TrendSeries[]; axes: readonly MessageKey[]; tableMetrics: readonly ImpactMetric[] },
): HTMLElement {
  const { months, impacts } = spec;
  // A month's label for every month where there is room (every other month on a phone); the figures over the bars
  // where a bar is wide enough for its figure (a line's points have theirs in the tooltip, clear of the bars'); the
  // plot below the legend however many lines it takes.
  const option = (width: number): ChartOption => {
    const left = 64;
    const right = spec.axes.length > 1 ? 64 : 24;
    const slot = (width - left - right) / Math.max(1, months.length);
    const barWidth = slot / Math.max(1, spec.series.filter((s) => s.type === 'bar').length);
    const figures = (s: TrendSeries) => s.type === 'bar' && barWidth >= FIGURE_WIDTH;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left, right, top: plotTopBelowLegend(spec.series.map((s) => tr.t(`metric.${s.metric}`)), width), bottom: 64 },
      xAxis: categoryAxis(months, { axisLabel: { fontSize: 11, interval: slot >= 24 ? 0 : 1, rotate: 45 } }),
      yAxis: spec.axes.map((key, i) => valueAxis(tr.t(key), i === 1 ? { max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } } : { minInterval: 1 })),
      series: spec.series.map((s) => ({
        type: s.type,
        name: tr.t(`metric.${s.metric}`),
        yAxisIndex: s.axis,
        itemStyle: { color: s.color },
        ...(s.type === 'bar' ? { barMaxWidth: 24 } : { symbolSize: 7, lineStyle: { width: 2.5 }, connectNulls: false }),
        // the figures of the months that have any, at the bar's top
        label: { show: figures(s), position: 'top', fontSize: 11, formatter: (p: { value: unknown }) => (p.value === null || Number(p.value) === 0 ? '' : tr.number(Number(p.value), metricDigits(s.metric))) },
        data: impacts.map((impact) => (impact ? trendValue(impact, s.metric) : null)),
      })),
    };
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
      unbroken: [0],
    },
  });
}
