// A producer: its compliance, its fees with their red/amber/green modulation, its reusable units and their cycles.
import { complete } from '../api';
import { COLORS, categoryAxis, valueAxis, type ChartOption } from '../charts';
import { h, kpiList } from '../dom';
import { ProducerComplianceDocument, ProducerOverviewDocument, type RamRating } from '../generated/graphql';
import { impactKpis, recoveryPanel, trendPanel } from './panels';
import { impactTrend, once, ownRank, type View } from './view';

const BANDS: readonly RamRating[] = ['GREEN', 'AMBER', 'RED'];
const BAND_COLOR: Record<RamRating, string> = { GREEN: COLORS.good, AMBER: COLORS.warn, RED: COLORS.bad };
/** The widest a fee bar is drawn, and the width it needs for its fee in full (£12,345.67) rather than compact. */
const FEE_BAR_MAX = 88;
const FEE_FULL_LABEL = 76;
const STATUS_TONE = { COMPLIANT: 'good', AT_RISK: 'warn', NON_COMPLIANT: 'bad' } as const;

export const producerView: View = ({ api, tr, board, viewer, period, now }) => {
  // Apart from the rest: a period not computed yet (NOT_COMPUTED_YET) fails only the panels that show compliance.
  const compliance = once(async () => complete(await api(ProducerComplianceDocument, { id: viewer.id, period })).compliance);
  const overview = once(async () => complete(await api(ProducerOverviewDocument, { period })));

  return [
    {
      id: 'compliance',
      async load() {
        const [report, { impact, ranking }] = await Promise.all([compliance(), overview()]);
        return h('section', { class: 'panel', attrs: { 'data-panel': 'compliance' } }, [
          h('h2', { text: tr.t('prod.kpis', { period, ruleVersion: report.ruleVersion }) }),
          kpiList([
            { id: 'status', label: tr.t('prod.status'), value: tr.label('status', report.status), tone: STATUS_TONE[report.status] },
            { id: 'fee', label: tr.t('prod.fee'), value: tr.money(report.feeMinor, report.currency) },
            { id: 'greenFactor', label: tr.t('prod.greenFactor'), value: tr.number(report.greenFactor, 4) },
            { id: 'rank', label: tr.t('prod.rank'), value: ownRank(tr, ranking, viewer.id) },
            ...impactKpis(tr, impact, ['reusableUnitsInService', 'reuseCycles', 'co2eAvoidedKg']),
          ]),
        ]);
      },
    },
    {
      id: 'recovery',
      async load() {
        const { lines } = await compliance();
        return recoveryPanel(board, tr, { id: 'recovery', title: tr.t('prod.recovery.title', { period }), rows: lines.map((line) => ({ line })) });
      },
    },
    {
      id: 'fees',
      async load() {
        const { currency, lines } = await compliance();
        const major = (minor: number) => tr.major(minor, currency);
        // the chart's values are major units (pounds): back to minor units for formatting with the currency's symbol
        const money = (value: unknown, compact = false) => tr.money(Math.round(Number(value) / major(1)), currency, compact);
        const materials = lines.map((l) => tr.label('material', l.material));
        // a band's fee in full on a bar wide enough for it, else compact (£3.2K); the axis compact, in the currency
        const option = (width: number): ChartOption => {
          const bar = Math.min(FEE_BAR_MAX, ((width - 96) / Math.max(1, lines.length)) * 0.6);
          return {
            tooltip: { trigger: 'axis', valueFormatter: (v) => money(v) },
            legend: { top: 0 },
            grid: { left: 72, right: 24, top: 40, bottom: 56 },
            xAxis: categoryAxis(materials, { axisLabel: { fontSize: 12, interval: 0, lineHeight: 15, width: Math.floor(bar / 0.6 - 6), overflow: 'break' } }),
            yAxis: valueAxis(tr.t('axis.fee', { currency }), { nameGap: 52, axisLabel: { formatter: (v: number) => money(v, true) } }),
            series: BANDS.map((band) => ({
              type: 'bar' as const,
              name: tr.label('band', band),
              stack: 'fee',
              barMaxWidth: FEE_BAR_MAX,
              itemStyle: { color: BAND_COLOR[band] },
              label: { show: true, position: 'inside', color: '#fff', fontWeight: 'bold', formatter: (p: { value: unknown }) => (Number(p.value) === 0 ? '' : money(p.value, bar < FEE_FULL_LABEL)) },
              data: lines.map((l) => major(l.feeBands.find((b) => b.ramRating === band)?.feeMinor ?? 0)),
            })),
          };
        };
        return board.panel({
          id: 'fees',
          title: tr.t('prod.fees.title', { period }),
          note: tr.t('prod.fees.note'),
          option: lines.length === 0 ? null : option,
          table: {
            columns: [tr.t('col.material'), tr.t('col.band'), tr.t('col.placed'), tr.t('col.baseFee', { currency }), tr.t('col.factor'), tr.t('col.fee', { currency })],
            rows: lines.flatMap((l) => l.feeBands.map((b) => [
              tr.label('material', l.material),
              tr.label('band', b.ramRating),
              tr.kg(b.placedOnMarketGrams),
              tr.number(major(b.baseFeeMinorPerTonne)),
              tr.number(b.factor, 4),
              tr.number(major(b.feeMinor)),
            ])),
            numeric: [2, 3, 4, 5],
          },
        });
      },
    },
    {
      id: 'units',
      async load() {
        const { months, impacts } = await impactTrend(api, now);
        return trendPanel(board, tr, {
          id: 'units-trend',
          title: tr.t('prod.units.title'),
          months,
          impacts,
          axes: ['axis.units'],
          series: [
            { metric: 'reusableUnitsInService', type: 'line', axis: 0, color: COLORS.primary },
            { metric: 'reuseCycles', type: 'bar', axis: 0, color: COLORS.tertiary },
          ],
          tableMetrics: ['reusableUnitsInService', 'reuseCycles', 'co2eAvoidedKg', 'parcels'],
        });
      },
    },
  ];
};
