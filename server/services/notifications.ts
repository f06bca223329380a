import { Types } from 'mongoose';
import type { QueueSet } from '../queues/queue-set.js';
import type { JobPayloads } from '../queues/job-types.js';
import { claimOrReplay, insertOnce } from '../db/claim.js';
import { forEachIdBatch, newIdAt, type IdBatchFetch } from '../db/id-window.js';
import type { Models } from '../db/models/index.js';
import type { MailDoc } from '../db/models/mail.js';
import { mailJobIdOf, mailSealContextOf } from '../db/keys.js';
import type { MailTransport } from '../mail/transport.js';
import { fail, keyReusedError, succeed, type Outcome } from '../domain/user-error.js';
import { UnreadableSealError, type PersonalDataCipher } from './personal-data-cipher.js';

export interface MailRequest {
  /** "Send this once": the same key never sends a second mail. */
  readonly idempotencyKey: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** An HTML alternative saying what `text` says (server/domain/mail-templates). */
  readonly html?: string;
}

export type DeliveryResult = 'delivered' | 'already-delivered' | 'unknown-mail';

export interface NotificationsService {
  /** Records the mail, then enqueues its delivery. The record comes first, so nothing is lost if enqueueing fails. */
  queueMail(request: MailRequest): Promise<Outcome<{ mailId: string }>>;
  /** Sends a recorded mail unless it was delivered already. Called by the `mail` job. */
  deliverMail(mailId: string): Promise<DeliveryResult>;
  /** Re-enqueues mails older than `olderThanMs` that have no delivery; returns how many. */
  sweepUndelivered(olderThanMs: number): Promise<number>;
  /** The recipient of a recorded mail, opened (recipients are stored encrypted). */
  recipientOf(mail: MailDoc): string;
  /**
   * Seals the recipients still in clear (mails recorded before encryption) or under a retired key. Safe to repeat
   * and to run from several processes.
   */
  sealStored(): Promise<{ sealed: number; unreadable: number }>;
}

/** Mails older than this are past saving by the sweep (the operator looks at the failed queue instead). */
const SWEEP_WINDOW_MS = 24 * 3600 * 1000;
const SWEEP_BATCH = 500;

export function createNotificationsService(deps: {
  models: Pick<Models, 'Mail' | 'MailDelivery'>;
  queues: QueueSet<JobPayloads>;
  transport: MailTransport;
  from: string;
  cipher: PersonalDataCipher;
  onEnqueueError: (error: unknown) => void;
  now?: () => Date;
}): NotificationsService {
  const { Mail, MailDelivery } = deps.models;
  const now = deps.now ?? (() => new Date());
  const enqueue = (mailId: string) => deps.queues.enqueueOrRevive('mail', { mailId }, mailJobIdOf(mailId));

  function recipientOf(mail: MailDoc): string {
    if (mail.sealedTo) return deps.cipher.open(mail.sealedTo, mailSealContextOf(mail._id));
    if (mail.to !== undefined) return mail.to;
    throw new Error(`mail ${mail._id.toHexString()} has no recipient`);
  }

  return {
    async queueMail(request) {
      const _id = newIdAt(now());
      const { to, ...rest } = request;
      const claim = await claimOrReplay(insertOnce(Mail.create({ _id, ...rest, sealedTo: deps.cipher.seal(to, mailSealContextOf(_id)), createdAt: now() })), {
        first: () => Mail.findOne({ idempotencyKey: request.idempotencyKey }).lean(),
        sameRequest: (first) => recipientOf(first) === request.to && first.subject === request.subject && first.text === request.text && first.html === request.html,
      });
      if (claim.kind === 'taken') throw new Error(`mail ${_id.toHexString()} collided with nothing under its key`);
      if (claim.kind === 'reused') return fail(keyReusedError('mail', ['idempotencyKey']));
      const mailId = claim.kind === 'claimed' ? _id : claim.first._id;
      // Recorded: a failed enqueue is the sweep's to repair.
      await enqueue(mailId.toHexString()).catch(deps.onEnqueueError);
      return succeed({ mailId: mailId.toHexString() });
    },

    async deliverMail(mailId) {
      if (!Types.ObjectId.isValid(mailId)) return 'unknown-mail';
      const id = new Types.ObjectId(mailId);
      if (await MailDelivery.exists({ _id: id })) return 'already-delivered';
      const mail = await Mail.findById(id).lean();
      if (!mail) return 'unknown-mail';
      // At-least-once: a crash between sending and recording sends again; the stable Message-ID lets the
      // receiving side drop the duplicate.
      const messageId = `<${mailId}@greenloop>`;
      await deps.transport.send({ from: deps.from, to: recipientOf(mail), subject: mail.subject, text: mail.text, ...(mail.html === undefined ? {} : { html: mail.html }), messageId });
      await insertOnce(MailDelivery.create({ _id: id, messageId, deliveredAt: now() }));
      return 'delivered';
    },

    async sweepUndelivered(olderThanMs) {
      const window = { fromMs: now().getTime() - SWEEP_WINDOW_MS, toMs: now().getTime() - olderThanMs };
      let requeued = 0;
      const fetch: IdBatchFetch = (after, until, limit) =>
        Mail.find({ _id: { $gt: after, $lt: until } }, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
      await forEachIdBatch(fetch, window, SWEEP_BATCH, async (batch) => {
        const ids = batch.map((doc) => doc._id);
        const delivered = await MailDelivery.find({ _id: { $in: ids } }, { _id: 1 }).lean();
        const deliveredIds = new Set(delivered.map((d) => d._id.toHexString()));
        for (const id of ids) {
          if (deliveredIds.has(id.toHexString())) continue;
          await enqueue(id.toHexString());
          requeued += 1;
        }
      });
      return requeued;
    },

    recipientOf,

    async sealStored() {
      let sealed = 0;
      let unreadable = 0;
      const stale = await Mail.find({ $or: [{ sealedTo: { $exists: false } }, { 'sealedTo.kid': { $ne: deps.cipher.currentKeyId } }] }).lean();
      for (const mail of stale) {
        let to: string;
        try {
          to = recipientOf(mail);
        } catch (error) {
          if (!(error instanceof UnreadableSealError)) throw error;
          unreadable += 1;
          continue;
        }
        const unchanged = mail.sealedTo ? { _id: mail._id, 'sealedTo.ct': mail.sealedTo.ct } : { _id: mail._id, to: mail.to };
        const result = await Mail.updateOne(unchanged, { $set: { sealedTo: deps.cipher.seal(to, mailSealContextOf(mail._id)) }, $unset: { to: 1 } });
        sealed += result.modifiedCount;
      }
      return { sealed, unreadable };
    },
  };
}
