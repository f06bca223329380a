import type { JobPayloads } from '../../jobs/job-types.js';
import type { QueueSet } from '../../jobs/queue-set.js';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { DEFAULT_MAIL_LOCALE, type MailLocale } from '../domain/mail-locale.js';
import type { MailTransport } from '../mail/transport.js';
import { createCatalogService, type CatalogService } from './catalog.js';
import { createCheckoutService, type CheckoutService } from './checkout.js';
import { createCollectionPointsService, type CollectionPointsService } from './collection-points.js';
import { createComplianceService, type ComplianceService } from './compliance.js';
import { createComplianceRecomputationsService, type ComplianceRecomputationsService } from './compliance-recomputations.js';
import { createConsumerContactsService, type ConsumerContactsService } from './consumer-contacts.js';
import { createCreditLedger } from './credit-ledger.js';
import { createCreditsService, type CreditsService } from './credits.js';
import { createExpiryWarningsService, type ExpiryWarningsService } from './expiry-warnings.js';
import { createFactsService, type FactsService } from './facts.js';
import { createGreenLevelsService, type GreenLevelsService } from './green-levels.js';
import { createImpactService, type ImpactService } from './impact.js';
import { createIdentityService, type IdentityService } from './identity.js';
import { createNotificationsService, type NotificationsService } from './notifications.js';
import type { PersonalDataCipher } from './personal-data-cipher.js';
import { createPricingService, type PricingService } from './pricing.js';
import { createQuoteOffers } from './quote-offers.js';
import { createReferenceData } from './reference-data.js';
import { createRecyclingReportsService, type RecyclingReportsService } from './recycling-reports.js';
import { createReconciliationService, type ReconciliationService } from './reconciliation.js';
import { createReturnsService, type ReturnsService } from './returns.js';
import { createReusableUnitsService, type ReusableUnitsService } from './reusable-units.js';
import { NO_OBSERVER, observedLedger, type ServiceObserver } from './service-observer.js';

export interface Services {
  /** The clock every service here reads; entry points (resolvers, jobs) take "now" from it too. */
  readonly clock: Clock;
  readonly catalog: CatalogService;
  readonly pricing: PricingService;
  readonly checkout: CheckoutService;
  readonly facts: FactsService;
  readonly credits: CreditsService;
  readonly levels: GreenLevelsService;
  readonly contacts: ConsumerContactsService;
  readonly collectionPoints: CollectionPointsService;
  readonly units: ReusableUnitsService;
  readonly returns: ReturnsService;
  readonly reports: RecyclingReportsService;
  readonly compliance: ComplianceService;
  readonly complianceRecomputations: ComplianceRecomputationsService;
  readonly impact: ImpactService;
  readonly expiryWarnings: ExpiryWarningsService;
  readonly reconciliation: ReconciliationService;
  readonly identity: IdentityService;
  readonly notifications: NotificationsService;
}

export interface ServiceDeps {
  readonly models: Models;
  readonly queues: QueueSet<JobPayloads>;
  readonly transport: MailTransport;
  readonly adminApiKey: string;
  readonly mailFrom: string;
  readonly operatorEmail: string | null;
  /** The language of mail to the operator (`OPERATOR_LOCALE`); default English. */
  readonly operatorLocale?: MailLocale;
  readonly logger: Logger;
  /** Seals mail addresses at rest (consumer contacts, mail recipients). */
  readonly contactCipher: PersonalDataCipher;
  /** Told of ledger entries, idempotent replays and flagged returns (the process's metrics); default: nobody. */
  readonly observer?: ServiceObserver;
  /** Default: the system clock. Tests pass one whose instants they fix. */
  readonly clock?: Clock;
}

export function createServices(deps: ServiceDeps): Services {
  // A fact is recorded before its job is enqueued; when enqueueing fails the sweeps enqueue it later, so the
  // request that recorded it still succeeds.
  const onEnqueueError = (err: unknown) => { deps.logger.error({ err }, 'enqueue failed after recording a fact; the sweep will retry it'); };
  const clock = deps.clock ?? systemClock;
  const reference = createReferenceData(deps.models, clock);
  const catalog = createCatalogService(deps.models, deps.queues, onEnqueueError, clock, reference);
  const pricing = createPricingService(deps.models, reference, clock);
  const levels = createGreenLevelsService(deps.models);
  const observer = deps.observer ?? NO_OBSERVER;
  const ledger = observedLedger(createCreditLedger(deps.models, clock), observer);
  const facts = createFactsService({ models: deps.models, queues: deps.queues, onEnqueueError, now: clock });
  const checkout = createCheckoutService({ models: deps.models, facts, reference, offers: createQuoteOffers(deps.queues), levels, observer, now: clock });
  const notifications = createNotificationsService({
    models: deps.models,
    queues: deps.queues,
    transport: deps.transport,
    from: deps.mailFrom,
    cipher: deps.contactCipher,
    onEnqueueError,
    now: clock,
  });
  const reports = createRecyclingReportsService({ models: deps.models, queues: deps.queues, onEnqueueError, now: clock });
  const compliance = createComplianceService({ models: deps.models, reports, notifications });
  const credits = createCreditsService({ models: deps.models, ledger, pricing, levels });
  const units = createReusableUnitsService(deps.models, clock);
  const contacts = createConsumerContactsService(deps.models, deps.contactCipher, clock);
  return {
    clock,
    catalog,
    pricing,
    checkout,
    facts,
    levels,
    credits,
    collectionPoints: createCollectionPointsService(deps.models, clock),
    units,
    returns: createReturnsService({ models: deps.models, units, credits, facts, observer, now: clock }),
    reports,
    compliance,
    complianceRecomputations: createComplianceRecomputationsService(deps.queues),
    impact: createImpactService({ models: deps.models, compliance }),
    contacts,
    expiryWarnings: createExpiryWarningsService({ models: deps.models, ledger, contacts, notifications }),
    identity: createIdentityService(deps.models, deps.adminApiKey, clock),
    notifications,
    reconciliation: createReconciliationService({ models: deps.models, facts, notifications, operatorEmail: deps.operatorEmail, operatorLocale: deps.operatorLocale ?? DEFAULT_MAIL_LOCALE }),
  };
}
