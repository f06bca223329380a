import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Classification } from '../../domain/classification.js';
import type { PackagingSpec } from '../../domain/packaging.js';

// A packaging type is kept three ways:
// - `packaging_type_revisions`: the insert-only history; a change is revision n+1, so every past classification
//   and quote can be explained from the revision it used;
// - `packaging_skus`: one row per (producer, SKU), inserted before the first revision; its unique _id is what makes
//   an SKU unique per producer on a store without transactions;
// - `packaging_types`: the current view (latest revision, classified by the active standard), derived from the
//   two above and replaced whole, never incremented; lists and quotes read it.

export interface PackagingTypeRevisionDoc {
  _id: Types.ObjectId;
  packagingTypeId: Types.ObjectId;
  producerId: Types.ObjectId;
  revision: number;
  spec: PackagingSpec;
  classification: Classification;
  createdAt: Date;
}

export interface PackagingSkuDoc {
  /** `<producerId>:<SKU upper-cased>` */
  _id: string;
  packagingTypeId: Types.ObjectId;
  /** The registered data: racing registrations of one SKU are decided by this one insert. */
  spec: PackagingSpec;
  createdAt: Date;
}

export interface PackagingTypeDoc extends PackagingSpec {
  /** The packaging type's id, shared by all its revisions. */
  _id: Types.ObjectId;
  producerId: Types.ObjectId;
  revision: number;
  /** Inner volume in mm³ (an integer) and sides shortest first: a quote finds the smallest box that fits by index. */
  innerVolumeMm3: number;
  innerSidesMm: { min: number; mid: number; max: number };
  classification: Classification;
  createdAt: Date;
}

const revisionSchema = new Schema<PackagingTypeRevisionDoc>(
  {
    packagingTypeId: { type: Schema.Types.ObjectId, required: true },
    producerId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    spec: { type: Schema.Types.Mixed, required: true },
    classification: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'packaging_type_revisions', versionKey: false },
);
revisionSchema.index({ packagingTypeId: 1, revision: 1 }, { unique: true });

const skuSchema = new Schema<PackagingSkuDoc>(
  {
    _id: { type: String, required: true },
    packagingTypeId: { type: Schema.Types.ObjectId, required: true },
    spec: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'packaging_skus', versionKey: false },
);

const viewSchema = new Schema<PackagingTypeDoc>(
  {
    producerId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    sku: { type: String, required: true },
    name: { type: String, required: true },
    material: { type: String, required: true },
    format: { type: String, required: true },
    innerDimensions: { type: Schema.Types.Mixed, required: true },
    innerVolumeMm3: { type: Number, required: true },
    innerSidesMm: { type: Schema.Types.Mixed, required: true },
    massGrams: { type: Number, required: true },
    recycledContentPct: { type: Number, required: true },
    recyclableSharePct: { type: Number, required: true },
    designedCycles: { type: Number, default: null },
    substanceTest: { type: Schema.Types.Mixed, default: null },
    certifications: { type: [String], default: [] },
    maxLoadGrams: { type: Number, default: null },
    classification: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'packaging_types', versionKey: false },
);
viewSchema.index({ producerId: 1, _id: 1 });
viewSchema.index({ 'classification.packagingClass': 1, _id: 1 });
viewSchema.index({ 'classification.packagingClass': 1, innerVolumeMm3: 1, _id: 1 });

export type PackagingTypeRevisionModel = Model<PackagingTypeRevisionDoc>;
export type PackagingSkuModel = Model<PackagingSkuDoc>;
export type PackagingTypeModel = Model<PackagingTypeDoc>;
export const packagingTypeRevisionModel = (c: Connection): PackagingTypeRevisionModel =>
  c.model<PackagingTypeRevisionDoc>('PackagingTypeRevision', revisionSchema);
export const packagingSkuModel = (c: Connection): PackagingSkuModel => c.model<PackagingSkuDoc>('PackagingSku', skuSchema);
export const packagingTypeModel = (c: Connection): PackagingTypeModel => c.model<PackagingTypeDoc>('PackagingType', viewSchema);

/** Each classification a packaging revision received, one per standard version: the explanation history. */
export interface PackagingClassificationDoc {
  _id: Types.ObjectId;
  packagingTypeId: Types.ObjectId;
  revision: number;
  standardVersion: string;
  classification: Classification;
  createdAt: Date;
}

const classificationSchema = new Schema<PackagingClassificationDoc>(
  {
    packagingTypeId: { type: Schema.Types.ObjectId, required: true },
    revision: { type: Number, required: true },
    standardVersion: { type: String, required: true },
    classification: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'packaging_classifications', versionKey: false },
);
classificationSchema.index({ packagingTypeId: 1, revision: 1, standardVersion: 1 }, { unique: true });

export type PackagingClassificationModel = Model<PackagingClassificationDoc>;
export const packagingClassificationModel = (c: Connection): PackagingClassificationModel =>
  c.model<PackagingClassificationDoc>('PackagingClassification', classificationSchema);
