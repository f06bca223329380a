import type { Logger } from 'pino';
import type { Principal } from '../server/services/identity.js';
import type { Services } from '../server/services/index.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface GraphQLContext {
  /** null: no key, or a key that is malformed, unknown or wrong. Fields that need a caller say UNAUTHENTICATED. */
  readonly principal: Principal | null;
  readonly services: Services;
  readonly loaders: Loaders;
  /** The request's logger (its id bound), made the first time a resolver asks for it. */
  readonly log: Logger;
}

/** The caller is authenticated before the request gets here (server/http/authentication.ts), once for the rate limit too. */
export function buildContext(services: Services, principal: Principal | null, logger: () => Logger): GraphQLContext {
  return {
    principal,
    services,
    loaders: createLoaders(services),
    get log() {
      return logger();
    },
  };
}
