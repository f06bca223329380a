import type { Types } from 'mongoose';
import type { ParcelInput } from '../../server/domain/parcel-fit.js';
import { assortmentIdOf, optionIdOf } from '../../server/db/keys.js';
import type { PricingRules, PricingRulesInput } from '../../server/domain/pricing-rules.js';
import type { AssortmentInput, AssortmentView } from '../../server/services/assortments.js';
import type { PackagingTypeView } from '../../server/services/catalog.js';
import type { ChoosePackagingInput, OrderEventInput, PackagingChoiceView, PackagingOptionView, QuoteView } from '../../server/services/checkout.js';
import { requireOrganization } from '../authorization.js';
import { campaignCreditView } from './campaigns.js';
import { badUserInput } from '../query-input.js';
import type { GraphQLContext } from '../context.js';

/**
 * An option with the quote it belongs to, which makes its API id, and its packaging type when the quote's snapshot
 * named it (undefined: look it up).
 */
type OptionParent = PackagingOptionView & { readonly quoteId: Types.ObjectId; readonly offeredType?: PackagingTypeView };

/** An assortment version as the schema shows it. */
function assortmentView(doc: AssortmentView) {
  const warehouseRef = doc.warehouseRef === '' ? null : doc.warehouseRef;
  return {
    id: assortmentIdOf(doc.platformId, doc.warehouseRef, doc.version),
    warehouseRef,
    version: doc.version,
    packagingTypeIds: doc.packagingTypeIds.map((id) => id.toHexString()),
    setAt: doc.createdAt,
  };
}

export const checkoutResolvers = {
  Query: {
    assortment: async (_: unknown, args: { warehouseRef?: string | null }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const found = await context.services.assortments.get(platform._id, args.warehouseRef ?? null);
      return found ? assortmentView(found) : null;
    },
    packagingOptions: async (_: unknown, args: { parcel: ParcelInput; consumerRef: string }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.checkout.quote(platform._id, args.parcel, args.consumerRef);
      if (outcome.ok) return outcome.value;
      throw badUserInput(outcome.errors);
    },
    pricingRules: (_: unknown, __: unknown, context: GraphQLContext) =>
      context.services.pricing.pricingRules(requireOrganization(context, 'PLATFORM')._id),
  },
  Mutation: {
    requestQuote: async (_: unknown, args: { input: { parcel: ParcelInput; consumerRef: string; warehouseRef?: string | null } }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const { parcel, consumerRef, warehouseRef } = args.input;
      const outcome = await context.services.checkout.quote(platform._id, parcel, consumerRef, warehouseRef);
      // The service names fields from the arguments' root; in a mutation they sit under `input`.
      return outcome.ok ? { quote: outcome.value, userErrors: [] } : { quote: null, userErrors: outcome.errors.map((e) => ({ ...e, field: e.field ? ['input', ...e.field] : null })) };
    },
    setAssortment: async (_: unknown, args: { input: AssortmentInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.assortments.set(platform._id, args.input);
      if (!outcome.ok) return { packagingTypeIds: [], warehouseRef: args.input.warehouseRef ?? null, version: null, userErrors: outcome.errors };
      return { ...assortmentView(outcome.value), userErrors: [] };
    },
    setPricingRules: async (_: unknown, args: { input: PricingRulesInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.pricing.setPricingRules(platform._id, args.input);
      return outcome.ok ? { pricingRules: outcome.value, userErrors: [] } : { pricingRules: null, userErrors: outcome.errors };
    },
    choosePackaging: async (_: unknown, args: { input: ChoosePackagingInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.checkout.choosePackaging(platform._id, args.input);
      return outcome.ok ? { choice: outcome.value, userErrors: [] } : { choice: null, userErrors: outcome.errors };
    },
    recordOrderEvent: async (_: unknown, args: { input: OrderEventInput }, context: GraphQLContext) => {
      const platform = requireOrganization(context, 'PLATFORM');
      const outcome = await context.services.checkout.recordOrderEvent(platform._id, args.input);
      return { accepted: outcome.ok, userErrors: outcome.ok ? [] : outcome.errors };
    },
  },
  Quote: {
    id: (quote: QuoteView) => quote._id.toHexString(),
    options: (quote: QuoteView): OptionParent[] =>
      quote.options.map((option) => ({ ...option, quoteId: quote._id, offeredType: option.packagingTypeId ? quote.offeredTypes?.get(option.packagingTypeId.toHexString()) : undefined })),
  },
  PackagingOption: {
    id: (option: OptionParent) => optionIdOf(option.quoteId, option.id),
    // From the quote's own snapshot when it has it (no promise: the answer completes in one pass), else looked up.
    packagingType: (option: OptionParent, _: unknown, context: GraphQLContext) =>
      option.offeredType ?? (option.packagingTypeId ? context.loaders.packagingType.load(option.packagingTypeId.toHexString()) : null),
    // Options recorded before carbon was counted carry no figures: 0, their carbonVersion null.
    co2eGrams: (option: OptionParent) => option.co2eGrams ?? 0,
    co2eAvoidedGrams: (option: OptionParent) => option.co2eAvoidedGrams ?? 0,
    carbonVersion: (option: OptionParent) => option.carbonVersion ?? null,
    campaignCredits: (option: OptionParent) => (option.campaignCredits ?? []).map(campaignCreditView),
  },
  PackagingChoice: {
    id: (choice: PackagingChoiceView) => choice._id.toHexString(),
    option: (choice: PackagingChoiceView): OptionParent => ({ ...choice.option, quoteId: choice.quoteId }),
  },
  PricingRules: {
    // Every fee carries the rules' currency.
    classes: (rules: PricingRules) => rules.classes.map((price) => ({
      ...price,
      currency: rules.currency,
      sizeBands: price.sizeBands.map((band) => ({ ...band, currency: rules.currency })),
    })),
  },
};
