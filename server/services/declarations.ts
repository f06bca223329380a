import type { Types } from 'mongoose';
import type { JobPayloads } from '../queues/job-types.js';
import type { QueueSet } from '../queues/queue-set.js';
import type { Models } from '../db/models/index.js';
import type { PlacedOnMarketDeclarationDoc } from '../db/models/placed-on-market.js';
import { complianceJobIdOf } from '../db/keys.js';
import type { PlacedGrams, Rag } from '../domain/epr.js';
import type { Material } from '../domain/packaging.js';
import { periodsAround, periodsWithin, reportsCovering, type Period } from '../domain/period.js';
import { declaredGrams, parsePlacedOnMarket, type PlacedOnMarketInput } from '../domain/placed-on-market.js';
import { fail, succeed, type Outcome } from '../domain/user-error.js';
import type { Page, PageRequest } from './page.js';
import { insertNextRevision, listRevisions, type StatementFilter, type StatementRevisionView, type StatementScope } from './period-revisions.js';
import { digestOf } from './request-hash.js';

/** One revision of a producer's declaration of packaging placed on the market outside GreenLoop, as the API shows it. */
export type PlacedOnMarketDeclarationView = StatementRevisionView<{
  readonly material: Material;
  readonly grams: number;
  readonly activity: string | null;
  readonly rag: Rag;
  readonly evidence: readonly string[];
}>;

/** Producers' declarations of packaging placed on the market outside GreenLoop, as insert-only revisions per period. */
export interface DeclarationsService {
  /** Stores the declaration as the period's next revision; the same key and input returns the first result. */
  declare(producerId: Types.ObjectId, input: PlacedOnMarketInput): Promise<Outcome<PlacedOnMarketDeclarationView>>;
  /** Revisions in the order they were made; a producer sees only its own. */
  list(scope: StatementScope, filter: StatementFilter, page: PageRequest): Promise<Page<PlacedOnMarketDeclarationView>>;
  /**
   * What each producer declared for a period, by material and fee band: the latest revision of each declaration that
   * counts for it (its own, or those of the periods within it, without overlaps).
   */
  declaredFor(period: Period): Promise<Map<string, PlacedGrams[]>>;
}

export function createDeclarationsService(deps: {
  models: Pick<Models, 'PlacedOnMarketDeclaration'>;
  queues: QueueSet<JobPayloads>;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): DeclarationsService {
  const { PlacedOnMarketDeclaration } = deps.models;
  const now = deps.now ?? (() => new Date());

  return {
    async declare(producerId, input) {
      const parsed = parsePlacedOnMarket(input, now().getTime());
      if (!parsed.declaration) return fail(...parsed.errors);
      const { period, lines } = parsed.declaration;
      const stored = await insertNextRevision(PlacedOnMarketDeclaration, {
        producerId,
        period: period.key,
        idempotencyKey: input.idempotencyKey,
        requestHash: digestOf({ period: period.key, lines }),
        lines: lines.map((l) => ({ ...l, evidence: [...l.evidence] })),
        createdAt: now(),
      }, 'declaration');
      if (!stored.ok) return stored;
      const { doc, created } = stored.value;
      if (created) {
        // The period and every longer one containing it are computed again; a lost enqueue waits for the hourly run
        // (open periods) or a recomputation.
        for (const affected of periodsAround(period)) {
          await deps.queues.enqueue('compliance', { period: affected.key }, { jobId: complianceJobIdOf(affected.key, doc._id) }).catch(deps.onEnqueueError);
        }
      }
      return succeed(doc);
    },

    list: (scope, filter, page) => listRevisions(PlacedOnMarketDeclaration, scope, filter, page),

    async declaredFor(period) {
      const all = await PlacedOnMarketDeclaration.find({ period: { $in: periodsWithin(period).map((p) => p.key) } }).sort({ revision: 1 }).lean();
      const latest = new Map(all.map((d) => [`${d.producerId.toHexString()}:${d.period}`, d]));
      const byProducer = new Map<string, PlacedOnMarketDeclarationDoc[]>();
      for (const d of latest.values()) byProducer.set(d.producerId.toHexString(), [...(byProducer.get(d.producerId.toHexString()) ?? []), d]);
      return new Map([...byProducer].map(([producerId, declarations]) => [producerId, declaredGrams(reportsCovering(period, declarations).flatMap((d) => d.lines))]));
    },
  };
}
