import type { Connection } from 'mongoose';
import { apiKeyModel } from './api-key.js';
import { mailDeliveryModel, mailModel } from './mail.js';
import { organizationModel } from './organization.js';
import { packagingSkuModel, packagingTypeModel, packagingTypeRevisionModel } from './packaging-type.js';
import { standardActivationModel, standardModel } from './standard.js';

/** Every model, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    Organization: organizationModel(connection),
    ApiKey: apiKeyModel(connection),
    Mail: mailModel(connection),
    MailDelivery: mailDeliveryModel(connection),
    Standard: standardModel(connection),
    StandardActivation: standardActivationModel(connection),
    PackagingTypeRevision: packagingTypeRevisionModel(connection),
    PackagingSku: packagingSkuModel(connection),
    PackagingType: packagingTypeModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
