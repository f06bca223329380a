// The dashboard's only data source: the public GraphQL API of the service that serves it, called with the
// signed-in organization's key.

/** A request that failed: the network, or an error the API answered with (its code, e.g. UNAUTHENTICATED). */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The GraphQL error code; NETWORK when the service could not be reached. */
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK = 'NETWORK';
/** A period whose figures the jobs have not computed yet (a read never computes them). */
export const NOT_COMPUTED_YET = 'NOT_COMPUTED_YET';

interface GraphQLBody<T> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: string } }[];
}

export type Api = <T>(query: string, variables?: Readonly<Record<string, unknown>>) => Promise<T>;

/** A client for one API key. Any error in a reply fails the call: the dashboard never shows half an answer. */
export function apiFor(key: string, endpoint = '/graphql'): Api {
  return async <T>(query: string, variables: Readonly<Record<string, unknown>> = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(error instanceof Error ? error.message : String(error), NETWORK);
    }
    let body: GraphQLBody<T>;
    try {
      body = (await response.json()) as GraphQLBody<T>;
    } catch {
      throw new ApiError(`HTTP ${String(response.status)} ${response.statusText}`, `HTTP_${String(response.status)}`);
    }
    const first = body.errors?.[0];
    if (first) throw new ApiError(first.message ?? 'Unknown error', first.extensions?.code ?? `HTTP_${String(response.status)}`);
    if (body.data == null) throw new ApiError(`HTTP ${String(response.status)}: no data`, `HTTP_${String(response.status)}`);
    return body.data;
  };
}

export type OrganizationKind = 'PLATFORM' | 'PRODUCER' | 'COLLECTOR' | 'REGULATOR';
export interface Viewer { readonly id: string; readonly name: string; readonly kind: OrganizationKind }

export const VIEWER_QUERY = 'query Viewer { viewer { id name kind } }';

export interface GreenImpact {
  readonly parcels: number;
  readonly notReboxedRatePct: number;
  readonly greenChoiceSharePct: number;
  readonly reusableUnitsInService: number;
  readonly reuseCycles: number;
  readonly co2eAvoidedGrams: number;
  readonly creditsIssued: number;
  readonly creditsRedeemed: number;
}
export const GREEN_IMPACT_FIELDS = 'parcels notReboxedRatePct greenChoiceSharePct reusableUnitsInService reuseCycles co2eAvoidedGrams creditsIssued creditsRedeemed';

export type RankingKind = 'PRODUCER' | 'PLATFORM' | 'COLLECTION_POINT';
export interface RankingRow { readonly rank: number; readonly score: number; readonly metric: string; readonly organization: { readonly id: string; readonly name: string } }
export const RANKING_FIELDS = 'rank score metric organization { id name }';

export type ComplianceStatus = 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT';
export type RamRating = 'GREEN' | 'AMBER' | 'RED';
export interface FeeBand { readonly ramRating: RamRating; readonly placedOnMarketGrams: number; readonly baseFeeMinorPerTonne: number; readonly factor: number; readonly feeMinor: number }
export interface ComplianceLine {
  readonly material: string;
  readonly placedOnMarketGrams: number;
  readonly recoveredGrams: number;
  readonly recoveryRatePct: number;
  readonly targetPct: number;
  readonly feeMinor: number;
  readonly feeBands?: readonly FeeBand[];
}
export interface ComplianceReport {
  readonly producer: { readonly id: string; readonly name: string };
  readonly period: string;
  readonly status: ComplianceStatus;
  readonly ruleVersion: string;
  readonly feeMinor: number;
  readonly currency: string;
  readonly greenFactor: number;
  readonly lines: readonly ComplianceLine[];
}
export const COMPLIANCE_FIELDS = 'producer { id name } period status ruleVersion feeMinor currency greenFactor lines { material placedOnMarketGrams recoveredGrams recoveryRatePct targetPct feeMinor }';
export const COMPLIANCE_FIELDS_WITH_BANDS = 'producer { id name } period status ruleVersion feeMinor currency greenFactor lines { material placedOnMarketGrams recoveredGrams recoveryRatePct targetPct feeMinor feeBands { ramRating placedOnMarketGrams baseFeeMinorPerTonne factor feeMinor } }';

/**
 * One document asking for a field under several aliases (`m0: greenImpact(period: "2026-01") {...}`): one request for
 * a whole series. Values are written as GraphQL string literals, so they are JSON-encoded.
 */
export function aliased(field: string, argument: string, values: readonly string[], selection: string, extraArgs = ''): string {
  return values.map((value, i) => `a${String(i)}: ${field}(${argument}: ${JSON.stringify(value)}${extraArgs}) { ${selection} }`).join('\n');
}

/** The aliased answers back in the order asked. */
export function unaliased<T>(data: Readonly<Record<string, T>>, count: number): T[] {
  return Array.from({ length: count }, (_, i) => {
    const value = data[`a${String(i)}`];
    if (value === undefined) throw new ApiError(`missing a${String(i)} in the reply`, 'BAD_REPLY');
    return value;
  });
}
