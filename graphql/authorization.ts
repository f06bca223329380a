import type { OrganizationView, Principal } from '../server/services/identity.js';
import type { OrganizationKind } from '../server/domain/organization.js';
import type { GraphQLContext } from './context.js';
import { forbidden, unauthenticated } from './errors.js';

/** The calling organization, if its kind is one of `kinds` (any kind when none are named). */
export function requireOrganization(context: GraphQLContext, ...kinds: OrganizationKind[]): OrganizationView {
  const { principal } = context;
  if (!principal) throw unauthenticated();
  if (principal.kind === 'ADMIN') throw forbidden('The operator key belongs to no organization; use an organization key.');
  if (kinds.length > 0 && !kinds.includes(principal.organization.kind)) {
    throw forbidden(`Only ${kinds.join(' or ')} organizations may do this; this key belongs to a ${principal.organization.kind}.`);
  }
  return principal.organization;
}

/** The operator, holder of the ADMIN_API_KEY. */
export function requireAdmin(context: GraphQLContext): void {
  if (!context.principal) throw unauthenticated();
  if (context.principal.kind !== 'ADMIN') throw forbidden('Only the operator key (ADMIN_API_KEY) may do this.');
}

/** The operator, or an organization of one of these kinds. */
export function requireAdminOr(context: GraphQLContext, ...kinds: OrganizationKind[]): void {
  if (context.principal?.kind === 'ADMIN') return;
  if (!context.principal) throw unauthenticated();
  if (!kinds.includes(context.principal.organization.kind)) {
    throw forbidden(`Only the operator key or ${kinds.join(' or ')} organizations may do this; this key belongs to a ${context.principal.organization.kind}.`);
  }
}

/** Any valid key: the operator or an organization. */
export function requireCaller(context: GraphQLContext): Principal {
  if (!context.principal) throw unauthenticated();
  return context.principal;
}
