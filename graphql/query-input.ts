import { GraphQLError } from 'graphql';
import { checkReference, type ReferenceKind } from '../server/domain/references.js';
import type { UserError } from '../server/domain/user-error.js';

/**
 * A query has no userErrors: bad input is a typed request error (BAD_USER_INPUT) that still lists every bad field in
 * `extensions.userErrors`, in the shape mutations use.
 */
export function badUserInput(errors: readonly UserError[]): GraphQLError {
  return new GraphQLError(errors.map((e) => e.message).join('; '), { extensions: { code: 'BAD_USER_INPUT', userErrors: errors } });
}

/** The reference argument as given, or a BAD_USER_INPUT error naming the reference's rule. */
export function referenceArgument(kind: ReferenceKind, value: string, argument: string): string {
  const error = checkReference(kind, value, [argument]);
  if (error) throw badUserInput([error]);
  return value;
}
