// What a view (one per kind of organization) is given and gives back, and the requests several views share.
import { GREEN_IMPACT_FIELDS, RANKING_FIELDS, aliased, unaliased, type Api, type GreenImpact, type RankingKind, type RankingRow, type Viewer } from '../api';
import type { ChartBoard } from '../charts';
import type { Translator } from '../i18n';
import { lastMonths } from '../periods';

export interface ViewContext {
  readonly api: Api;
  readonly tr: Translator;
  readonly board: ChartBoard;
  readonly viewer: Viewer;
  readonly period: string;
  readonly now: Date;
}

/** A part of the page that loads on its own: while it loads the rest shows, and its failure is shown in its place. */
export interface Section {
  readonly id: string;
  load(): Promise<HTMLElement | readonly HTMLElement[]>;
}

export type View = (context: ViewContext) => readonly Section[];

/** Runs `load` once, however many sections ask. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | null = null;
  return () => (result ??= load());
}

export const TREND_MONTHS = 12;

/** Green impact month by month over the last year, in one request (the caller's share; a regulator's: everyone's). */
export async function impactTrend(api: Api, now: Date): Promise<{ months: string[]; impacts: GreenImpact[] }> {
  const months = lastMonths(now, TREND_MONTHS);
  const data = await api<Record<string, GreenImpact>>(`query GreenImpactTrend {\n${aliased('greenImpact', 'period', months, GREEN_IMPACT_FIELDS)}\n}`);
  return { months, impacts: unaliased(data, months.length) };
}

export interface PeriodOverview {
  readonly impact: GreenImpact;
  readonly ranking: readonly RankingRow[];
}

/** The period's green impact and one ranking, in one request. */
export function periodOverview(api: Api, period: string, kind: RankingKind, first: number): Promise<PeriodOverview> {
  return api<PeriodOverview>(
    `query PeriodOverview($period: String!, $kind: RankingKind!, $first: Int!) {
      impact: greenImpact(period: $period) { ${GREEN_IMPACT_FIELDS} }
      ranking: rankings(kind: $kind, period: $period, first: $first) { ${RANKING_FIELDS} }
    }`,
    { period, kind, first },
  );
}

/** The caller's place in a ranking, as "3 of 12", or a dash when it is not ranked. */
export function ownRank(tr: Translator, ranking: readonly Pick<RankingRow, 'rank' | 'organization'>[], organizationId: string): string {
  const row = ranking.find((r) => r.organization.id === organizationId);
  return row ? tr.t('rankOf', { rank: row.rank, count: ranking.length }) : '–';
}


