import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MAIL_LOCALES, type MailLocale } from '../../domain/mail-locale.js';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../../domain/organization.js';

export interface OrganizationDoc {
  _id: Types.ObjectId;
  name: string;
  kind: OrganizationKind;
  registrationNumber: string | null;
  /** Contact data is never shown to other tenants or regulators' aggregates. */
  contactEmail: string | null;
  /** The language GreenLoop writes this organization's mail in; absent in organizations stored before it existed. */
  locale?: MailLocale;
  /** Requests a minute the operator allows this organization's keys together; absent or null: the default. */
  requestsPerMinute?: number | null;
  createdAt: Date;
}

const schema = new Schema<OrganizationDoc>(
  {
    name: { type: String, required: true },
    kind: { type: String, required: true, enum: ORGANIZATION_KINDS },
    registrationNumber: { type: String, default: null },
    contactEmail: { type: String, default: null },
    locale: { type: String, required: false, enum: MAIL_LOCALES },
    requestsPerMinute: { type: Number, required: false, default: undefined },
    createdAt: { type: Date, required: true },
  },
  { collection: 'organizations', versionKey: false },
);
schema.index({ kind: 1, _id: 1 });

export type OrganizationModel = Model<OrganizationDoc>;
export const organizationModel = (c: Connection): OrganizationModel =>
  c.model<OrganizationDoc>('Organization', schema);
