import { Types } from 'mongoose';
import { accountOf } from '../../server/db/keys.js';
import type { ConsumerContactInput } from '../../server/domain/consumer-contact.js';
import type { EarningRules, EarningRulesInput } from '../../server/domain/earning-rules.js';
import { notFoundError, validationError, type Outcome, type UserError } from '../../server/domain/user-error.js';
import type { HoldInput, HoldView } from '../../server/services/credit-holds.js';
import type { AccountView, Actor, AdjustInput, CreditEntryView, EntryPageRequest, RedeemInput } from '../../server/services/credits.js';
import { requireOrganization } from '../authorization.js';
import type { GraphQLContext } from '../context.js';
import { forbidden } from '../errors.js';
import { badInput, connectionOf, pageSize } from '../pagination.js';
import { referenceArgument } from '../query-input.js';

/** An account as the API shows it: whose it is, and what the ledger's head says. */
interface AccountParent {
  readonly platformId: Types.ObjectId;
  readonly consumerRef: string;
  readonly view: AccountView;
}

const seqCursor = (seq: number) => Buffer.from(`seq:${String(seq)}`).toString('base64url');

/** The seq an entry cursor names; anything else is a BAD_USER_INPUT error naming the argument. */
function seqOf(cursor: string, argument: 'after' | 'before'): number {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) throw badInput(`${argument} is not a cursor this list gave out`, argument);
  return Number(match[1]);
}

interface AdjustCreditsInput extends AdjustInput { readonly platformId?: string | null }

/** A hold's outcome with the consumer's account after it. */
async function holdPayload(context: GraphQLContext, platformId: Types.ObjectId, outcome: Outcome<HoldView>) {
  if (!outcome.ok) return { hold: null, account: null, userErrors: outcome.errors };
  const { consumerRef } = outcome.value.hold;
  const account: AccountParent = { platformId, consumerRef, view: await context.services.credits.account(platformId, consumerRef) };
  return { hold: outcome.value, account, userErrors: [] };
}

const refused = (error: UserError) => ({ entry: null, account: null, userErrors: [error] });

interface EntryArgs { first?: number | null; after?: string | null; last?: number | null; before?: string | null }

/** Forward (`first`/`after`) or backward (`last`/`before`, newest first); asking both ways at once is refused. */
function entryPage(args: EntryArgs): EntryPageRequest {
  const backward = args.last != null || args.before != null;
  if (backward && (args.first != null || args.after != null)) {
    throw badInput('page forward with first/after or backward with last/before, not both', args.first != null ? 'first' : 'after');
  }
  if (backward) return { last: pageSize(args.last, 'last'), beforeSeq: args.before == null ? null : seqOf(args.before, 'before') };
  return { first: pageSize(args.first), afterSeq: args.after == null ? 0 : seqOf(args.after, 'after') };
}

export const creditsResolvers = {
  Query: {
    creditHold: async (_: unknown, args: { id: string }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      return context.services.holds.find(platform._id, args.id);
    },
    creditAccount: async (_: unknown, args: { consumerRef: string }, context: GraphQLContext): Promise<AccountParent> => {
      const platform = requireOrganization(context, 'PLATFORM');
      const consumerRef = referenceArgument('consumerRef', args.consumerRef, 'consumerRef');
      return { platformId: platform._id, consumerRef, view: await context.services.credits.account(platform._id, consumerRef) };
    },
    creditLiability: async (_: unknown, args: { asOf?: Date | null }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const now = context.services.clock();
      const asOf = args.asOf ?? now;
      if (asOf.getTime() > now.getTime()) throw badInput('asOf must not lie in the future', 'asOf');
      // Credits have no money value in GreenLoop: the contract's currency stays null.
      return { ...(await context.services.credits.liability(platform._id, asOf)), currency: null };
    },
    consumerContact: (_: unknown, args: { consumerRef: string }, context: GraphQLContext) =>
      context.services.contacts.get(requireOrganization(context, 'PLATFORM')._id, referenceArgument('consumerRef', args.consumerRef, 'consumerRef')),
    earningRules: (_: unknown, __: unknown, context: GraphQLContext) =>
      context.services.pricing.earningRules(requireOrganization(context, 'PLATFORM')._id),
  },
  Mutation: {
    setEarningRules: async (_: unknown, args: { input: EarningRulesInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.pricing.setEarningRules(platform._id, args.input);
      return outcome.ok ? { earningRules: outcome.value, userErrors: [] } : { earningRules: null, userErrors: outcome.errors };
    },
    setConsumerContact: async (_: unknown, args: { input: ConsumerContactInput }, context: GraphQLContext) => {
      const outcome = await context.services.contacts.set(requireOrganization(context, 'PLATFORM')._id, args.input);
      return outcome.ok ? { contact: outcome.value, userErrors: [] } : { contact: null, userErrors: outcome.errors };
    },
    removeConsumerContact: async (_: unknown, args: { consumerRef: string }, context: GraphQLContext) => {
      const outcome = await context.services.contacts.remove(requireOrganization(context, 'PLATFORM')._id, args.consumerRef);
      return outcome.ok ? { removed: outcome.value.removed, userErrors: [] } : { removed: false, userErrors: outcome.errors };
    },
    redeemCredits: async (_: unknown, args: { input: RedeemInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.credits.redeem(platform._id, args.input);
      if (!outcome.ok) return { entry: null, account: null, userErrors: outcome.errors };
      const account: AccountParent = { platformId: platform._id, consumerRef: args.input.consumerRef, view: outcome.value.account };
      return { entry: outcome.value.entry, account, userErrors: [] };
    },
    holdCredits: async (_: unknown, args: { input: HoldInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      return holdPayload(context, platform._id, await context.services.holds.hold(platform._id, args.input));
    },
    captureHold: async (_: unknown, args: { input: { holdId: string; idempotencyKey: string } }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      return holdPayload(context, platform._id, await context.services.holds.capture(platform._id, args.input.holdId, args.input.idempotencyKey));
    },
    voidHold: async (_: unknown, args: { input: { holdId: string; idempotencyKey: string } }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      return holdPayload(context, platform._id, await context.services.holds.void(platform._id, args.input.holdId, args.input.idempotencyKey));
    },
    reverseRedemption: async (_: unknown, args: { input: { entryId: string; idempotencyKey: string; reason: string } }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.holds.reverseRedemption(platform._id, args.input);
      if (!outcome.ok) return { entry: null, account: null, userErrors: outcome.errors };
      const { entry } = outcome.value;
      const account: AccountParent = { platformId: platform._id, consumerRef: entry.consumerRef, view: await context.services.credits.account(platform._id, entry.consumerRef) };
      return { entry, account, userErrors: [] };
    },
    adjustCredits: async (_: unknown, args: { input: AdjustCreditsInput }, context: GraphQLContext) => {
      const { platformId: named, ...input } = args.input;
      let platformId: Types.ObjectId;
      let actor: Actor;
      if (context.principal?.kind === 'ADMIN') {
        if (named == null) return refused(validationError(['input', 'platformId'], 'the operator names the platform whose consumer it is'));
        const platform = Types.ObjectId.isValid(named) ? await context.loaders.organization.load(named) : null;
        if (platform?.kind !== 'PLATFORM') return refused(notFoundError(['input', 'platformId'], 'no platform has this id'));
        platformId = platform._id;
        actor = { kind: 'OPERATOR' };
      } else {
        const platform = requireOrganization(context, 'PLATFORM');
        if (named != null && named !== platform._id.toHexString()) throw forbidden('A platform adjusts only its own consumers\' credits.');
        platformId = platform._id;
        actor = { kind: 'PLATFORM', platformId };
      }
      const outcome = await context.services.credits.adjust(platformId, input, actor);
      if (!outcome.ok) return { entry: null, account: null, userErrors: outcome.errors };
      const account: AccountParent = { platformId, consumerRef: input.consumerRef, view: outcome.value.account };
      return { entry: outcome.value.entry, account, userErrors: [] };
    },
  },
  CreditAccount: {
    id: (account: AccountParent) => accountOf(account.platformId, account.consumerRef),
    available: (account: AccountParent) => account.view.state.available,
    pending: (account: AccountParent) => account.view.state.pending,
    held: (account: AccountParent) => account.view.state.held,
    lifetimeEarned: (account: AccountParent) => account.view.state.lifetimeEarned,
    level: (account: AccountParent) => account.view.level,
    co2eAvoidedGrams: async (account: AccountParent, _: unknown, context: GraphQLContext) =>
      (await context.services.levels.activity(account.platformId, account.consumerRef)).co2eAvoidedGrams,
    nextExpiry: (account: AccountParent) =>
      account.view.nextExpiry ? { amount: account.view.nextExpiry.remaining, at: new Date(account.view.nextExpiry.expiresAtMs) } : null,
    entries: async (account: AccountParent, args: EntryArgs, context: GraphQLContext) => {
      const page = await context.services.credits.entries(account.platformId, account.consumerRef, entryPage(args));
      return connectionOf(page, (entry) => seqCursor(entry.seq), args.after);
    },
  },
  EarningRules: {
    choiceCredits: (rules: EarningRules) => ({
      standard: rules.choiceCredits.STANDARD,
      reduced: rules.choiceCredits.REDUCED,
      green: rules.choiceCredits.GREEN,
      reusable: rules.choiceCredits.REUSABLE,
    }),
  },
  CreditHold: {
    id: (view: HoldView) => view.hold._id.toHexString(),
    consumerRef: (view: HoldView) => view.hold.consumerRef,
    amount: (view: HoldView) => view.hold.amount,
    status: (view: HoldView) => view.status,
    expiresAt: (view: HoldView) => view.hold.timeoutAt,
    orderRef: (view: HoldView) => view.hold.orderRef,
  },
  CreditEntry: {
    id: (entry: CreditEntryView) => entry._id,
    actor: (entry: CreditEntryView) => entry.actor ?? null,
  },
};
