// Charts (ECharts, only the parts used, rendered on canvas) and the data table beside each: the table is what a
// screen reader, a copy-paste, or a test reads.
import { BarChart, LineChart, ScatterChart, type BarSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { h } from './dom';
import type { Translator } from './i18n';

echarts.use([BarChart, LineChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | LineSeriesOption | ScatterSeriesOption | AriaComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export const COLORS = {
  primary: '#00796b',
  secondary: '#5c6bc0',
  tertiary: '#8d6e63',
  good: '#2e7d32',
  warn: '#e69500',
  bad: '#c62828',
  target: '#263238',
} as const;

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns holding numbers, right-aligned. */
  readonly numeric?: readonly number[];
  /** Columns kept on one line (a month, 2026-02, is not broken at its hyphen). */
  readonly unbroken?: readonly number[];
}

/**
 * A chart's option, or a function of the chart's width in pixels for a chart whose layout depends on it (label widths,
 * how many labels fit): that one is laid out again whenever the window is resized.
 */
export type ChartSpec = ChartOption | ((width: number) => ChartOption);

interface DrawnChart { readonly chart: echarts.EChartsType; readonly box: HTMLDivElement; readonly spec: ChartSpec }

/** The charts on screen, so a new render or a resize reaches them all. */
export class ChartBoard {
  private readonly charts: DrawnChart[] = [];
  private pending: { readonly box: HTMLElement; readonly draw: () => void }[] = [];

  constructor(private readonly tr: Translator) {
    window.addEventListener('resize', this.resize);
  }

  private readonly resize = () => {
    for (const drawn of this.charts) {
      drawn.chart.resize();
      if (typeof drawn.spec === 'function') this.apply(drawn, true);
    }
  };

  /**
   * A titled panel with a chart and its data table. The chart is drawn when `mount` runs, once the panel is in the
   * document and has a size.
   */
  panel(spec: { readonly id: string; readonly title: string; readonly note?: string; readonly option: ChartSpec | null; readonly table: Table; readonly height?: number }): HTMLElement {
    const chartBox = spec.option
      ? h('div', { class: 'chart', attrs: { 'data-chart': spec.id, role: 'img', 'aria-label': spec.title } })
      : h('p', { class: 'empty', text: this.tr.t('noData') });
    if (spec.option && chartBox instanceof HTMLDivElement) {
      const option = spec.option;
      if (spec.height) chartBox.style.height = `${String(spec.height)}px`;
      this.pending.push({ box: chartBox, draw: () => { this.draw(chartBox, option); } });
    }
    return h('section', { class: 'panel', attrs: { 'data-panel': spec.id, 'aria-label': spec.title } }, [
      h('h2', { text: spec.title }),
      spec.note ? h('p', { class: 'note', text: spec.note }) : null,
      chartBox,
      spec.table.rows.length > 0 ? dataTable(spec.id, spec.title, this.tr.t('dataTable'), spec.table) : null,
    ]);
  }

  /** Draws the charts of panels now in the document; the others wait for a later call. */
  mount(): void {
    const ready = this.pending.filter((p) => p.box.isConnected);
    this.pending = this.pending.filter((p) => !p.box.isConnected);
    for (const p of ready) p.draw();
  }

  dispose(): void {
    window.removeEventListener('resize', this.resize);
    for (const drawn of this.charts.splice(0)) drawn.chart.dispose();
    this.pending = [];
  }

  private draw(box: HTMLDivElement, spec: ChartSpec): void {
    const chart = echarts.init(box, undefined, { renderer: 'canvas', locale: this.tr.lang === 'zh-CN' ? 'ZH' : 'EN' });
    const drawn = { chart, box, spec };
    this.apply(drawn, false);
    this.charts.push(drawn);
  }

  /** Gives the chart its option (laid out for its width now) and writes what it drew into the box's data attributes. */
  private apply({ chart, box, spec }: DrawnChart, replace: boolean): void {
    const option = typeof spec === 'function' ? spec(chart.getWidth()) : spec;
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif' },
      ...option,
    }, { notMerge: replace });
    // What the chart was given, read back from ECharts: lets anyone (a test, a support engineer) see the numbers drawn.
    const given = chart.getOption() as { series?: { name?: string; data?: unknown[] }[]; xAxis?: { data?: unknown[] }[]; yAxis?: { data?: unknown[] }[] };
    box.dataset.series = JSON.stringify((given.series ?? []).map((s) => ({ name: s.name ?? '', data: s.data ?? [] })));
    const categories = [...(given.xAxis ?? []), ...(given.yAxis ?? [])].find((axis) => Array.isArray(axis.data))?.data ?? [];
    box.dataset.categories = JSON.stringify(categories);
  }
}

function dataTable(id: string, caption: string, summary: string, table: Table): HTMLElement {
  const numeric = new Set(table.numeric ?? []);
  const unbroken = new Set(table.unbroken ?? []);
  const classes = (i: number) => [numeric.has(i) ? 'num' : '', unbroken.has(i) ? 'unbroken' : ''].filter(Boolean).join(' ');
  const cell = (tag: 'td' | 'th', text: string, i: number) => h(tag, { text, class: classes(i), attrs: tag === 'th' ? { scope: 'col' } : {} });
  return h('details', { class: 'data' }, [
    h('summary', { text: summary }),
    // a table wider than the panel (on a phone) scrolls sideways within it, the page does not
    h('div', { class: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': caption } }, [
      h('table', { attrs: { 'data-table': id } }, [
        h('caption', { text: caption }),
        h('thead', {}, [h('tr', {}, table.columns.map((c, i) => cell('th', c, i)))]),
        h('tbody', {}, table.rows.map((row) => h('tr', {}, row.map((c, i) => cell('td', c, i))))),
      ]),
    ]),
  ]);
}

/** Axis and tooltip defaults shared by every chart: readable labels, units in the axis names. */
export function valueAxis(name: string, extra: Record<string, unknown> = {}) {
  return { type: 'value' as const, name, nameLocation: 'middle' as const, nameGap: 44, nameTextStyle: { fontSize: 13 }, axisLabel: { fontSize: 12 }, ...extra };
}

export function categoryAxis(data: readonly string[], extra: Record<string, unknown> = {}) {
  return { type: 'category' as const, data: [...data], axisLabel: { fontSize: 12, interval: 0, hideOverlap: true }, ...extra };
}

/**
 * Category labels cut to `width` pixels with an ellipsis: a long name never runs off the chart or over its
 * neighbours. Hovering a cut label shows it whole (as does the axis tooltip, and the data table).
 */
export function truncatedLabels(width: number) {
  return {
    triggerEvent: true,
    tooltip: { show: true },
    axisLabel: { fontSize: 12, interval: 0, width: Math.round(width), overflow: 'truncate' as const, ellipsis: '…' },
  };
}

/**
 * How far down the plot starts below a legend of these entries on a chart this wide: a legend that wraps onto more
 * lines pushes the plot down instead of covering it. Widths are estimated (12 px text, a 25 px symbol, 10 px gaps).
 */
export function plotTopBelowLegend(entries: readonly string[], width: number): number {
  const LINE = 22;
  let lines = 1;
  let used = 0;
  for (const entry of entries) {
    const item = 35 + entry.length * 7;
    if (used > 0 && used + item > width - 16) {
      lines += 1;
      used = 0;
    }
    used += item + 10;
  }
  return 18 + lines * LINE;
}

