import { checkIdempotencyKey } from './checkout-input.js';
import { checkReference } from './references.js';
import { MATERIALS, isMaterial, type Material } from './packaging.js';
import { validationError, type UserError } from './user-error.js';

/** A review of a flagged return: cleared, it earns and refunds; rejected, it never does. */
export type ReviewDecision = 'CLEARED' | 'REJECTED';

/** The raw GraphQL `ReturnInput`: a reusable unit by serial, or loose packaging by material and count. */
export interface ReturnInput {
  readonly collectionPointId: string;
  readonly idempotencyKey: string;
  readonly serial?: string | null;
  readonly material?: string | null;
  readonly quantity?: number | null;
  readonly massGrams?: number | null;
  readonly platformId?: string | null;
  readonly consumerRef?: string | null;
  readonly packagingTypeId?: string | null;
  readonly producerId?: string | null;
}

export type ParsedReturn =
  | { readonly kind: 'UNIT'; readonly serial: string }
  | {
      readonly kind: 'LOOSE';
      readonly material: Material;
      readonly quantity: number;
      readonly massGrams: number;
      /** Who brought it, when the platform's consumer is known: they earn per item. */
      readonly consumer: { readonly platformId: string; readonly consumerRef: string } | null;
      /** Whose packaging it is, when the collector can tell: by packaging type, or the producer alone. */
      readonly attribution: { readonly packagingTypeId: string } | { readonly producerId: string } | null;
    };

export const RETURN_QUANTITY_MAX = 1000;
export const RETURN_MASS_MAX_GRAMS = 1_000_000;
const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * Validates a return. A unit's consumer is the one its order shipped to, so a serial takes no platformId or
 * consumerRef; loose packaging takes both or neither.
 */
export function parseReturn(input: ReturnInput): { value: ParsedReturn; errors: [] } | { value: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const field = (name: string) => ['input', name];
  const keyError = checkIdempotencyKey(input.idempotencyKey, field('idempotencyKey'));
  if (keyError) errors.push(keyError);
  const loose = [input.material, input.quantity, input.massGrams].some((v) => v !== null && v !== undefined);
  const consumerGiven = [input.platformId, input.consumerRef].filter((v) => v !== null && v !== undefined).length;

  if (input.serial !== null && input.serial !== undefined) {
    if (loose) errors.push(validationError(field('serial'), 'give a serial, or material, quantity and massGrams, not both'));
    const serialError = checkReference('serial', input.serial, field('serial'));
    if (serialError) errors.push(serialError);
    if (consumerGiven > 0) errors.push(validationError(field('consumerRef'), 'a unit is credited to the consumer its order shipped to: leave platformId and consumerRef out'));
    for (const name of ['packagingTypeId', 'producerId'] as const) {
      if (input[name] !== null && input[name] !== undefined) errors.push(validationError(field(name), `a unit's serial names its packaging type and producer: leave ${name} out`));
    }
    return errors.length > 0 ? { value: null, errors } : { value: { kind: 'UNIT', serial: input.serial }, errors: [] };
  }

  const { material, quantity, massGrams } = input;
  if (material === null || material === undefined || !isMaterial(material)) errors.push(validationError(field('material'), `material must be one of ${MATERIALS.join(', ')}`));
  if (quantity === null || quantity === undefined || !Number.isInteger(quantity) || quantity < 1 || quantity > RETURN_QUANTITY_MAX) {
    errors.push(validationError(field('quantity'), `quantity must be a whole number from 1 to ${String(RETURN_QUANTITY_MAX)}`));
  }
  if (massGrams === null || massGrams === undefined || !Number.isInteger(massGrams) || massGrams < 1 || massGrams > RETURN_MASS_MAX_GRAMS) {
    errors.push(validationError(field('massGrams'), `massGrams must be a whole number from 1 to ${String(RETURN_MASS_MAX_GRAMS)}`));
  }
  let consumer: { platformId: string; consumerRef: string } | null = null;
  if (consumerGiven === 1) errors.push(validationError(field(input.platformId ? 'consumerRef' : 'platformId'), 'give platformId and consumerRef together, or neither'));
  if (consumerGiven === 2) {
    const platformId = input.platformId ?? '';
    const consumerRef = input.consumerRef ?? '';
    if (!OBJECT_ID.test(platformId)) errors.push(validationError(field('platformId'), 'platformId is not an organization id'));
    const refError = checkReference('consumerRef', consumerRef, field('consumerRef'));
    if (refError) errors.push(refError);
    consumer = { platformId, consumerRef };
  }
  let attribution: { packagingTypeId: string } | { producerId: string } | null = null;
  const { packagingTypeId, producerId } = input;
  if (packagingTypeId !== null && packagingTypeId !== undefined && producerId !== null && producerId !== undefined) {
    errors.push(validationError(field('producerId'), 'give packagingTypeId (it names its producer) or producerId, not both'));
  } else if (packagingTypeId !== null && packagingTypeId !== undefined) {
    if (OBJECT_ID.test(packagingTypeId)) attribution = { packagingTypeId };
    else errors.push(validationError(field('packagingTypeId'), 'packagingTypeId is not a packaging type id'));
  } else if (producerId !== null && producerId !== undefined) {
    if (OBJECT_ID.test(producerId)) attribution = { producerId };
    else errors.push(validationError(field('producerId'), 'producerId is not an organization id'));
  }
  if (errors.length > 0 || material === null || material === undefined || !isMaterial(material)) return { value: null, errors };
  return { value: { kind: 'LOOSE', material, quantity: quantity ?? 0, massGrams: massGrams ?? 0, consumer, attribution }, errors: [] };
}
