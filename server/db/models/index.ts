import type { Connection } from 'mongoose';
// Registers the reads' time-limit plugin before any schema below is compiled into a model.
import '../read-time-limits.js';
import { apiKeyModel, apiKeyRevocationModel } from './api-key.js';
import { assortmentModel } from './assortment.js';
import { campaignClaimModel, campaignModel } from './campaign.js';
import { complianceSnapshotModel, impactSnapshotModel } from './compliance.js';
import { contactHeadModel, contactRevisionModel, legacyContactModel } from './consumer-contact.js';
import { creditEntryModel, creditHeadHintModel, creditKeyModel } from './credit-entry.js';
import { creditHoldModel } from './credit-hold.js';
import { levelSnapshotModel } from './green-level.js';
import { mailDeliveryModel, mailModel } from './mail.js';
import { factReceiptModel, idempotencyKeyModel, orderEventKeyModel, orderEventModel, orderKeyModel, packagingChoiceModel, sweepMarkModel } from './order-facts.js';
import { organizationModel } from './organization.js';
import { placedOnMarketDeclarationModel } from './placed-on-market.js';
import { packagingClassificationModel, packagingSkuModel, packagingTypeModel, packagingTypeRevisionModel } from './packaging-type.js';
import { earningRulesModel, pricingRulesModel } from './platform-rules.js';
import { tallyKeyModel, tallySlotModel } from './tally.js';
import { collectionPointModel, depositRefundModel, orderShipmentModel, recyclingReportDecisionModel, recyclingReportModel, returnEventModel, returnReviewModel, reusableUnitModel, unitEventModel } from './recycling.js';
import { referenceVersionModel } from './reference-version.js';
import { ruleSetActivationModel, ruleSetModel } from './rule-set.js';
import { standardActivationModel, standardModel } from './standard.js';

/** Every model, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    Organization: organizationModel(connection),
    ApiKey: apiKeyModel(connection),
    ApiKeyRevocation: apiKeyRevocationModel(connection),
    Mail: mailModel(connection),
    MailDelivery: mailDeliveryModel(connection),
    Standard: standardModel(connection),
    StandardActivation: standardActivationModel(connection),
    RuleSet: ruleSetModel(connection),
    RuleSetActivation: ruleSetActivationModel(connection),
    PackagingTypeRevision: packagingTypeRevisionModel(connection),
    PackagingSku: packagingSkuModel(connection),
    PackagingType: packagingTypeModel(connection),
    PackagingClassification: packagingClassificationModel(connection),
    PricingRulesVersion: pricingRulesModel(connection),
    EarningRulesVersion: earningRulesModel(connection),
    Assortment: assortmentModel(connection),
    Campaign: campaignModel(connection),
    CampaignClaim: campaignClaimModel(connection),
    ReferenceVersion: referenceVersionModel(connection),
    PackagingChoice: packagingChoiceModel(connection),
    OrderEvent: orderEventModel(connection),
    OrderKey: orderKeyModel(connection),
    OrderEventKey: orderEventKeyModel(connection),
    FactReceipt: factReceiptModel(connection),
    SweepMark: sweepMarkModel(connection),
    IdempotencyKey: idempotencyKeyModel(connection),
    CreditEntry: creditEntryModel(connection),
    CreditHeadHint: creditHeadHintModel(connection),
    CreditKey: creditKeyModel(connection),
    CreditHold: creditHoldModel(connection),
    LevelSnapshot: levelSnapshotModel(connection),
    ContactRevision: contactRevisionModel(connection),
    ContactHead: contactHeadModel(connection),
    LegacyContact: legacyContactModel(connection),
    CollectionPoint: collectionPointModel(connection),
    ReusableUnit: reusableUnitModel(connection),
    UnitEvent: unitEventModel(connection),
    ReturnEvent: returnEventModel(connection),
    DepositRefund: depositRefundModel(connection),
    OrderShipment: orderShipmentModel(connection),
    TallySlot: tallySlotModel(connection),
    TallyKey: tallyKeyModel(connection),
    ReturnReview: returnReviewModel(connection),
    RecyclingReport: recyclingReportModel(connection),
    RecyclingReportDecision: recyclingReportDecisionModel(connection),
    PlacedOnMarketDeclaration: placedOnMarketDeclarationModel(connection),
    ComplianceSnapshot: complianceSnapshotModel(connection),
    ImpactSnapshot: impactSnapshotModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
