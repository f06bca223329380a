// A collector: the reusable units that came back through its collection points, and its place among collectors.
import { COLORS } from '../charts';
import { h, kpiList } from '../dom';
import { impactKpis, trendPanel } from './panels';
import { impactTrend, ownRank, periodOverview, type View } from './view';

export const collectorView: View = ({ api, tr, board, viewer, period, now }) => [
  {
    id: 'returns',
    async load() {
      const { impact, ranking } = await periodOverview(api, period, 'COLLECTION_POINT', 100);
      return h('section', { class: 'panel', attrs: { 'data-panel': 'returns' } }, [
        h('h2', { text: tr.t('coll.kpis', { period }) }),
        kpiList([
          ...impactKpis(tr, impact, ['reuseCycles', 'co2eAvoidedKg']),
          { id: 'rank', label: tr.t('coll.rank'), value: ownRank(tr, ranking, viewer.id) },
        ]),
      ]);
    },
  },
  {
    id: 'trend',
    async load() {
      const { months, impacts } = await impactTrend(api, now);
      return trendPanel(board, tr, {
        id: 'returns-trend',
        title: tr.t('coll.trend.title'),
        months,
        impacts,
        axes: ['axis.units'],
        series: [{ metric: 'reuseCycles', type: 'bar', axis: 0, color: COLORS.tertiary }],
        tableMetrics: ['reuseCycles', 'co2eAvoidedKg'],
      });
    },
  },
];
