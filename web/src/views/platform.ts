// A platform: how often its consumers choose green and skip the extra box, and the credits it issued and redeemed.
import { COLORS } from '../charts';
import { h, kpiList } from '../dom';
import { impactKpis, trendPanel } from './panels';
import { impactTrend, once, ownRank, periodOverview, type View } from './view';

export const platformView: View = ({ api, tr, board, viewer, period, now }) => {
  const trend = once(() => impactTrend(api, now));
  return [
    {
      id: 'checkout',
      async load() {
        const { impact, ranking } = await periodOverview(api, period, 'PLATFORM', 100);
        return h('section', { class: 'panel', attrs: { 'data-panel': 'checkout' } }, [
          h('h2', { text: tr.t('plat.kpis', { period }) }),
          kpiList([
            ...impactKpis(tr, impact, ['parcels', 'greenChoiceSharePct', 'notReboxedRatePct', 'creditsIssued', 'creditsRedeemed']),
            { id: 'rank', label: tr.t('plat.rank'), value: ownRank(tr, ranking, viewer.id) },
          ]),
        ]);
      },
    },
    {
      id: 'shares',
      async load() {
        const { months, impacts } = await trend();
        return trendPanel(board, tr, {
          id: 'shares-trend',
          title: tr.t('plat.shares.title'),
          note: tr.t('plat.shares.note'),
          months,
          impacts,
          axes: ['axis.parcels', 'axis.pct'],
          series: [
            { metric: 'parcels', type: 'bar', axis: 0, color: COLORS.secondary },
            { metric: 'greenChoiceSharePct', type: 'line', axis: 1, color: COLORS.good },
            { metric: 'notReboxedRatePct', type: 'line', axis: 1, color: COLORS.primary },
          ],
          tableMetrics: ['parcels', 'greenChoiceSharePct', 'notReboxedRatePct'],
        });
      },
    },
    {
      id: 'credits',
      async load() {
        const { months, impacts } = await trend();
        return trendPanel(board, tr, {
          id: 'credits-trend',
          title: tr.t('plat.credits.title'),
          months,
          impacts,
          axes: ['axis.credits'],
          series: [
            { metric: 'creditsIssued', type: 'bar', axis: 0, color: COLORS.good },
            { metric: 'creditsRedeemed', type: 'bar', axis: 0, color: COLORS.secondary },
          ],
          tableMetrics: ['creditsIssued', 'creditsRedeemed'],
        });
      },
    },
  ];
};
