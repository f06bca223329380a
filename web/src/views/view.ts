// What a view (one per kind of organization) is given and gives back, and the requests several views share.
import { ApiError, NOT_COMPUTED_YET, complete, type Api, type Complete, type Viewer } from '../api';
import type { ChartBoard } from '../charts';
import { GreenImpactMonthDocument, PeriodOverviewDocument, type GreenImpactFieldsFragment, type PeriodOverviewQuery, type RankingFieldsFragment, type RankingKind } from '../generated/graphql';
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

/**
 * Green impact month by month over the last year (the caller's share; a regulator's: everyone's). One request per
 * month, since a month whose figures were never computed is a NOT_COMPUTED_YET error: it shows as a gap (null).
 */
export async function impactTrend(api: Api, now: Date): Promise<{ months: string[]; impacts: (GreenImpactFieldsFragment | null)[] }> {
  const months = lastMonths(now, TREND_MONTHS);
  const impacts = await Promise.all(months.map(async (period) => {
    try {
      return complete(await api(GreenImpactMonthDocument, { period })).greenImpact;
    } catch (error) {
      if (error instanceof ApiError && error.code === NOT_COMPUTED_YET) return null;
      throw error;
    }
  }));
  return { months, impacts };
}

/** The period's green impact and one ranking, in one request. */
export async function periodOverview(api: Api, period: string, kind: RankingKind, first: number): Promise<Complete<PeriodOverviewQuery>> {
  return complete(await api(PeriodOverviewDocument, { period, kind, first }));
}

/** The caller's place in a ranking, as "3 of 12", or a dash when it is not ranked. */
export function ownRank(tr: Translator, ranking: readonly Pick<RankingFieldsFragment, 'rank' | 'organization'>[], organizationId: string): string {
  const row = ranking.find((r) => r.organization.id === organizationId);
  return row ? tr.t('rankOf', { rank: row.rank, count: ranking.length }) : '–';
}


