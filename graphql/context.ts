import type { Logger } from 'pino';
import type { Principal } from '../server/services/identity.js';
import type { Services } from '../server/services/index.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  /** null: no key, or a key that is malformed, unknown or wrong. Fields that need a caller say UNAUTHENTICATED. */
  readonly principal: Principal | null;
  readonly services: Services;
  /** The request's loaders, made the first time a resolver asks for them. */
  readonly loaders: Loaders;
  /** The request's logger (its id bound), made the first time a resolver asks for it. */
  readonly log: Logger;
}

/**
 * The lazy fields are getters on the prototype: Apollo copies a request's context with `Object.assign` onto an object
 * of the same prototype, which would call getters of the object's own and make every request's loaders and logger
 * whether a resolver asks for them or not (most requests ask for neither: a quote, a choice, an order event).
 */
class RequestContext implements GraphQLContext {
  private madeLoaders: Loaders | null = null;

  constructor(
    readonly principal: Principal | null,
    readonly services: Services,
    private readonly makeLogger: () => Logger,
  ) {}

  get loaders(): Loaders {
    return (this.madeLoaders ??= createLoaders(this.services));
  }

  get log(): Logger {
    return this.makeLogger();
  }
}

/** The caller is authenticated before the request gets here (server/http/authentication.ts), once for the rate limit too. */
export function buildContext(services: Services, principal: Principal | null, logger: () => Logger): GraphQLContext {
  return new RequestContext(principal, services, logger);
}
