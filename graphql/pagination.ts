import { GraphQLError } from 'graphql';
import { Types } from 'mongoose';
import type { Page, PageRequest } from '../server/services/page.js';

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export const badInput = (message: string, argument: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

// A cursor is the opaque base64url form of the row's id: stable under inserts, indexed, never an offset.
export const encodeCursor = (id: Types.ObjectId): string => Buffer.from(id.toHexString()).toString('base64url');

/** `first` (or `last`) as asked, default 20; outside 1..100 it is a BAD_USER_INPUT error. */
export function pageSize(asked: number | null | undefined, argument: 'first' | 'last' = 'first'): number {
  const size = asked ?? PAGE_SIZE_DEFAULT;
  if (!Number.isInteger(size) || size < 1 || size > PAGE_SIZE_MAX) {
    throw badInput(`${argument} must be between 1 and ${String(PAGE_SIZE_MAX)}`, argument);
  }
  return size;
}

/** Relay arguments to a page request; `first` outside 1..100 or a foreign cursor is a BAD_USER_INPUT error. */
export function pageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = pageSize(args.first);
  if (args.after === undefined || args.after === null) return { first, afterId: null };
  const hex = Buffer.from(args.after, 'base64url').toString();
  if (!/^[0-9a-f]{24}$/.test(hex)) throw badInput('after is not a cursor this list gave out', 'after');
  return { first, afterId: new Types.ObjectId(hex) };
}

export function connection<T extends { _id: Types.ObjectId }>(page: Page<T>, after: string | null | undefined) {
  return connectionOf(page, (node) => encodeCursor(node._id), after);
}

/**
 * A Relay connection over a page, whatever its cursors are made of. `after` is the cursor the page was asked after:
 * unless the page says so itself, items lie before it exactly when there was one.
 */
export function connectionOf<T>(page: Page<T>, cursorOf: (node: T) => string, after: string | null | undefined) {
  const edges = page.nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes: page.nodes,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage ?? (after !== undefined && after !== null),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
