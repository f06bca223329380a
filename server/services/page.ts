import type { Types } from 'mongoose';

/** A page asked for by id order: the first `first` rows after `afterId` (null: from the start). */
export interface PageRequest {
  readonly first: number;
  /** The last id of the previous page. */
  readonly afterId: Types.ObjectId | null;
}

/** One page of a list and where it lies in the whole. */
export interface Page<T> {
  readonly nodes: T[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  /** Known exactly where the list can tell (credit entries); otherwise: whether the page was asked after a cursor. */
  readonly hasPreviousPage?: boolean;
}
