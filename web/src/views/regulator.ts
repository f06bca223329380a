// A regulator: recycling against target per producer and material, the three rankings, green impact over time.
import { aliasedDocument, complete, unaliased } from '../api';
import { COLORS } from '../charts';
import { h, kpiList } from '../dom';
import { ComplianceFieldsFragmentDoc, RegulatorOverviewDocument } from '../generated/graphql';
import { impactKpis, rankingPanel, recoveryPanel, trendPanel } from './panels';
import { impactTrend, once, type View } from './view';

/** Producers whose compliance is charted: the best on recycling (the request's alias limit is 30). */
const PRODUCERS_CHARTED = 20;

export const regulatorView: View = ({ api, tr, board, period, now }) => {
  const overview = once(async () => complete(await api(RegulatorOverviewDocument, { period, producers: PRODUCERS_CHARTED })));

  return [
    {
      id: 'impact',
      async load() {
        const { impact } = await overview();
        return h('section', { class: 'panel', attrs: { 'data-panel': 'impact' } }, [
          h('h2', { text: tr.t('impact.kpis', { period }) }),
          kpiList(impactKpis(tr, impact, ['parcels', 'greenChoiceSharePct', 'notReboxedRatePct', 'reusableUnitsInService', 'reuseCycles', 'co2eAvoidedKg', 'creditsIssued', 'creditsRedeemed'])),
        ]);
      },
    },
    {
      id: 'recovery',
      async load() {
        const { producers } = await overview();
        const ids = producers.map((p) => p.organization.id);
        // every producer's compliance in one request, each under its alias, selected by the ComplianceFields fragment
        const document = aliasedDocument({
          operationName: 'ProducersCompliance',
          field: 'producerCompliance',
          argument: 'producerId',
          values: ids,
          fixedArgs: { period },
          fragment: ComplianceFieldsFragmentDoc,
        });
        const reports = ids.length === 0 ? [] : unaliased(await api(document), ids.length);
        const rows = reports.flatMap((report) => report.lines.map((line) => ({ producer: report.producer.name, line })));
        return recoveryPanel(board, tr, { id: 'recovery', title: tr.t('reg.recovery.title', { period }), note: tr.t('reg.recovery.note', { count: reports.length }), rows });
      },
    },
    {
      id: 'rankings',
      async load() {
        const { producers, platforms, collectors } = await overview();
        return h('section', { class: 'group', attrs: { 'aria-label': tr.t('reg.rankings.title', { period }) } }, [
          h('h2', { class: 'group-title', text: tr.t('reg.rankings.title', { period }) }),
          h('div', { class: 'columns' }, [
            rankingPanel(board, tr, 'PRODUCER', producers.slice(0, 10)),
            rankingPanel(board, tr, 'PLATFORM', platforms),
            rankingPanel(board, tr, 'COLLECTION_POINT', collectors),
          ]),
        ]);
      },
    },
    {
      id: 'trend',
      async load() {
        const { months, impacts } = await impactTrend(api, now);
        return trendPanel(board, tr, {
          id: 'impact-trend',
          title: tr.t('impact.trend.title'),
          months,
          impacts,
          axes: ['axis.count', 'axis.pct'],
          series: [
            { metric: 'parcels', type: 'bar', axis: 0, color: COLORS.secondary },
            { metric: 'reuseCycles', type: 'bar', axis: 0, color: COLORS.tertiary },
            { metric: 'greenChoiceSharePct', type: 'line', axis: 1, color: COLORS.good },
            { metric: 'notReboxedRatePct', type: 'line', axis: 1, color: COLORS.primary },
          ],
          tableMetrics: ['parcels', 'greenChoiceSharePct', 'notReboxedRatePct', 'reuseCycles', 'co2eAvoidedKg', 'creditsIssued', 'creditsRedeemed'],
        });
      },
    },
  ];
};
