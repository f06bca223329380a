import type { Connection } from 'mongoose';
import { apiKeyModel } from './api-key.js';
import { mailDeliveryModel, mailModel } from './mail.js';
import { organizationModel } from './organization.js';

/** Every model, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    Organization: organizationModel(connection),
    ApiKey: apiKeyModel(connection),
    Mail: mailModel(connection),
    MailDelivery: mailDeliveryModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
