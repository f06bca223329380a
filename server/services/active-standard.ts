import type { Models } from '../db/models/index.js';
import { REFERENCE_STANDARD, type Standard } from '../domain/standard.js';

/** The standard named by the latest activation; the reference standard until one is activated. */
export async function readActiveStandard(models: Pick<Models, 'Standard' | 'StandardActivation'>): Promise<Standard> {
  const activation = await models.StandardActivation.findOne().sort({ activatedAt: -1, _id: -1 }).lean();
  if (!activation) return REFERENCE_STANDARD;
  const stored = await models.Standard.findById(activation.version).lean();
  if (!stored) throw new Error(`active standard ${activation.version} is not stored`);
  return stored.rules;
}
