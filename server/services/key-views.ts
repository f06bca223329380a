import type { ApiKeyDoc } from '../db/models/api-key.js';
import type { OrganizationDoc } from '../db/models/organization.js';
import type { ChangeFeed } from '../change-feed.js';
import { keptReads } from './kept-reads.js';

// Authentication runs on every request, and a key, its revocation and its organization are three reads by `_id`.
// A process therefore keeps what it read for a moment. A revocation or a change to an organization is published on
// the change feed: the process that made it forgets the view at once, the others as soon as the notice arrives, and
// no process keeps a view longer than `KEY_VIEW_TTL_MS` whatever happened to the notice.

/** A key as it stands (its revocation folded in) with its organization (null: the organization is gone). */
export interface KeyView {
  readonly key: ApiKeyDoc;
  readonly organization: OrganizationDoc | null;
}

/** The longest a process answers from a view it read: a revocation whose notice was lost takes effect within it. */
export const KEY_VIEW_TTL_MS = 1000;
/** Views kept at most (the keys in use at once); the oldest read goes first. */
const MAX_VIEWS = 10_000;

export interface KeyViews {
  /** The key's view, from memory when read less than the TTL ago; null when there is no such key. */
  get(keyId: string): Promise<KeyView | null>;
  close(): void;
}

export function createKeyViews(read: (keyId: string) => Promise<KeyView | null>, changes: ChangeFeed, ttlMs = KEY_VIEW_TTL_MS): KeyViews {
  // Unknown keys are not kept: made-up ids must not fill the memory (they are rate limited per client IP instead).
  const views = keptReads(read, { ttlMs, max: MAX_VIEWS, keep: (view) => view !== null });
  const unsubscribe = [
    changes.subscribe('api-key', (keyId) => { views.forget(keyId); }),
    changes.subscribe('organization', (organizationId) => { views.forget((view) => view?.key.organizationId.toHexString() === organizationId); }),
  ];
  return {
    get: (keyId) => views.get(keyId),
    close() {
      for (const stop of unsubscribe) stop();
    },
  };
}
