import type { JobPayloads } from '../queues/job-types.js';
import type { QueueSet } from '../queues/queue-set.js';
import type { Logger } from 'pino';
import { createLocalChangeFeed, type ChangeFeed } from '../change-feed.js';
import { systemClock, type Clock } from '../clock.js';
import type { Models } from '../db/models/index.js';
import { DEFAULT_MAIL_LOCALE, type MailLocale } from '../domain/mail-locale.js';
import type { MailTransport } from '../mail/transport.js';
import { createAssortmentsService, type AssortmentsService } from './assortments.js';
import { createCreditHoldsService, type CreditHoldsService } from './credit-holds.js';
import { createFeeSimulator, type FeeSimulatorService } from './fee-simulator.js';
import { createRightSizing, type RightSizingService } from './right-sizing.js';
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
import { createDeclarationsService, type DeclarationsService } from './declarations.js';
import { createRecyclingReportsService, type RecyclingReportsService } from './recycling-reports.js';
import { createReconciliationService, type ReconciliationService } from './reconciliation.js';
import { createRetentionService, type RetentionService } from './retention.js';
import { createRuleSetsService, type RuleSetsService } from './rule-sets.js';
import { createCampaignsService, type CampaignsService } from './campaigns.js';
import { createLevelRecordsCopy } from './level-records.js';
import { createReturnsService, type ReturnsService } from './returns.js';
import { createTallies } from './tallies.js';
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
  readonly declarations: DeclarationsService;
  readonly compliance: ComplianceService;
  readonly complianceRecomputations: ComplianceRecomputationsService;
  readonly impact: ImpactService;
  /** Parcel sizes nothing fits, for producers. */
  readonly rightSizing: RightSizingService;
  /** A producer's what-if fee for one of its packaging types. */
  readonly feeSimulator: FeeSimulatorService;
  /** Two-phase redemption: holds, their capture, void and timeout; reversing a redemption. */
  readonly holds: CreditHoldsService;
  /** What each platform (or warehouse) stocks, for its quotes. */
  readonly assortments: AssortmentsService;
  readonly campaigns: CampaignsService;
  /** The regulator's fee scheme and recycling rules, as activated. */
  readonly ruleSets: RuleSetsService;
  readonly expiryWarnings: ExpiryWarningsService;
  readonly reconciliation: ReconciliationService;
  readonly retention: RetentionService;
  readonly identity: IdentityService;
  readonly notifications: NotificationsService;
  /** Stops what the services run on their own (the reference version's polling); the caller closes store, queues and feed. */
  close(): void;
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
  /**
   * How processes tell each other of changes to data they hold in memory (reference data, keys); default: this
   * process only, the others then see a change when they poll.
   */
  readonly changes?: ChangeFeed;
  /** How long what a process holds in memory may lag a change whose notice never came; tests stretch them. */
  readonly memoryLimits?: MemoryLimits;
}

export interface MemoryLimits {
  /** How often reference data's version is read (default `VERSION_POLL_MS`, 500 ms). */
  readonly referencePollMs?: number;
  /** How long a key's view is kept (default `KEY_VIEW_TTL_MS`, 1 s). */
  readonly keyViewTtlMs?: number;
}

export function createServices(deps: ServiceDeps): Services {
  // A fact is recorded before its job is enqueued; when enqueueing fails the sweeps enqueue it later, so the
  // request that recorded it still succeeds.
  const onEnqueueError = (err: unknown) => { deps.logger.error({ err }, 'enqueue failed after recording a fact; the sweep will retry it'); };
  const clock = deps.clock ?? systemClock;
  const changes = deps.changes ?? createLocalChangeFeed();
  const identity = createIdentityService(deps.models, { adminApiKey: deps.adminApiKey, now: clock, changes, keyViewTtlMs: deps.memoryLimits?.keyViewTtlMs });
  const reference = createReferenceData(deps.models, {
    changes,
    now: clock,
    pollMs: deps.memoryLimits?.referencePollMs,
    onError: (err) => { deps.logger.warn({ err }, 'reference data not refreshed; the current snapshot goes on serving'); },
  });
  const catalog = createCatalogService(deps.models, deps.queues, onEnqueueError, clock, reference);
  const pricing = createPricingService(deps.models, reference, clock);
  const assortments = createAssortmentsService(deps.models, reference, clock);
  const levels = createGreenLevelsService(
    deps.models,
    changes,
    createLevelRecordsCopy(deps.queues, () => clock().getTime()),
    (err) => { deps.logger.warn({ err }, 'the level records\' copy in Redis was not read or written; the store answers'); },
  );
  const observer = deps.observer ?? NO_OBSERVER;
  const ledger = observedLedger(createCreditLedger(deps.models, clock), observer);
  const facts = createFactsService({ models: deps.models, queues: deps.queues, onEnqueueError, now: clock });
  const rightSizing = createRightSizing(
    { increment: (key, field, ttlMs) => deps.queues.countInHash(key, field, ttlMs), read: (key) => deps.queues.readHash(key) },
    (err) => { deps.logger.warn({ err }, 'a right-sizing count was not kept (Redis)'); },
  );
  const checkout = createCheckoutService({ models: deps.models, facts, reference, offers: createQuoteOffers(deps.queues), levels, rightSizing, observer, now: clock });
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
  const declarations = createDeclarationsService({ models: deps.models, queues: deps.queues, onEnqueueError, now: clock });
  const ruleSets = createRuleSetsService({
    models: deps.models,
    // Figures under a new fee scheme for the periods running now (and those just ended); earlier periods keep their
    // reports under the version they were computed with until recomputeCompliance asks for them again.
    activated: async (kind, activationId) => {
      // Carbon factors price every quote's options: every process's reference snapshot takes them up.
      if (kind === 'CARBON') await reference.changed();
      if (kind !== 'EPR') return;
      await deps.queues.enqueue('compliance-sweep', {}, { jobId: `compliance-sweep:rules:${activationId}` }).catch(onEnqueueError);
    },
    now: clock,
  });
  const impact = createImpactService({ models: deps.models, rules: ruleSets });
  const compliance = createComplianceService({ models: deps.models, reports, declarations, notifications, impact, rules: ruleSets });
  const feeSimulator = createFeeSimulator({ models: deps.models, compliance, rules: ruleSets, standard: () => catalog.activeStandard() });
  const campaigns = createCampaignsService(deps.models, reference, clock);
  const credits = createCreditsService({ models: deps.models, ledger, pricing, levels, campaigns, now: clock });
  const units = createReusableUnitsService(deps.models, ruleSets, clock);
  const holds = createCreditHoldsService({ models: deps.models, ledger, expireAccount: (platformId, consumerRef, nowMs) => credits.expireAccount(platformId, consumerRef, nowMs), now: clock });
  const contacts = createConsumerContactsService(deps.models, deps.contactCipher, clock);
  return {
    clock,
    catalog,
    pricing,
    assortments,
    campaigns,
    checkout,
    facts,
    levels,
    credits,
    holds,
    collectionPoints: createCollectionPointsService(deps.models, clock),
    units,
    ruleSets,
    returns: createReturnsService({ models: deps.models, units, credits, facts, rules: ruleSets, tallies: createTallies(deps.models, clock), observer, now: clock }),
    reports,
    declarations,
    compliance,
    feeSimulator,
    rightSizing,
    complianceRecomputations: createComplianceRecomputationsService(deps.queues),
    impact,
    contacts,
    expiryWarnings: createExpiryWarningsService({ models: deps.models, ledger, contacts, notifications }),
    identity,
    notifications,
    close: () => {
      reference.close();
      identity.close();
      levels.close();
    },
    retention: createRetentionService(deps.models),
    reconciliation: createReconciliationService({ models: deps.models, facts, notifications, operatorEmail: deps.operatorEmail, operatorLocale: deps.operatorLocale ?? DEFAULT_MAIL_LOCALE, observer }),
  };
}
