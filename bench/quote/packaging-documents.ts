// What `registerPackagingType` writes for a new SKU (server/services/catalog.ts), built by the same domain functions,
// so a benchmark can insert thousands of packaging types in bulk instead of tens a second through the service. The
// seed proves the copy faithful on every run (catalogue-seed.ts): the documents the service wrote for some inputs
// must equal what this builds from the same inputs, ids and times aside.
import { Types } from 'mongoose';
import type {
  PackagingClassificationDoc,
  PackagingSkuDoc,
  PackagingTypeDoc,
  PackagingTypeRevisionDoc,
} from '../../server/db/models/packaging-type.js';
import { classifyPackaging } from '../../server/domain/classification.js';
import { parsePackagingSpec, sortedSides, volumeMm3, type PackagingTypeInput } from '../../server/domain/packaging.js';
import type { Standard } from '../../server/domain/standard.js';

/** One registration's documents: the SKU claim, revision 1, its classification record and the current view. */
export interface RegistrationDocuments {
  readonly sku: PackagingSkuDoc;
  readonly revision: PackagingTypeRevisionDoc;
  readonly classification: PackagingClassificationDoc;
  readonly view: PackagingTypeDoc;
}

/** Revision 1 of `input` for `producerId`, classified by `standard` (the active one, as the service classifies). */
export function registrationDocuments(producerId: Types.ObjectId, input: PackagingTypeInput, standard: Standard, at: Date): RegistrationDocuments {
  const parsed = parsePackagingSpec(input);
  if (!parsed.spec) throw new Error(`${input.sku} is not a valid packaging type: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const spec = parsed.spec;
  const packagingTypeId = new Types.ObjectId();
  const classification = classifyPackaging(spec, standard);
  const [min, mid, max] = sortedSides(spec.innerDimensions);
  return {
    sku: { _id: `${producerId.toHexString()}:${spec.sku.toUpperCase()}`, packagingTypeId, spec, createdAt: at },
    revision: { _id: new Types.ObjectId(), packagingTypeId, producerId, revision: 1, spec, classification, createdAt: at },
    classification: {
      _id: new Types.ObjectId(),
      packagingTypeId,
      revision: 1,
      standardVersion: classification.standardVersion,
      classification,
      createdAt: at,
    },
    view: {
      _id: packagingTypeId,
      producerId,
      revision: 1,
      ...spec,
      certifications: [...spec.certifications],
      innerVolumeMm3: volumeMm3(spec.innerDimensions),
      innerSidesMm: { min, mid, max },
      classification,
      createdAt: at,
    },
  };
}
