import type { ApiKeyDoc } from '../db/models/api-key.js';
import type { OrganizationDoc } from '../db/models/organization.js';
import type { ChangeFeed } from '../change-feed.js';

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
  /** The key's view, from memory when read less than `KEY_VIEW_TTL_MS` ago; null when there is no such key. */
  get(keyId: string): Promise<KeyView | null>;
  close(): void;
}

export function createKeyViews(read: (keyId: string) => Promise<KeyView | null>, changes: ChangeFeed, ttlMs = KEY_VIEW_TTL_MS): KeyViews {
  const views = new Map<string, { readonly view: KeyView; readonly readAt: number }>();
  const reading = new Map<string, Promise<KeyView | null>>();
  /** Moves on every notice: a read that began before one may hold what the notice changed, and is not kept. */
  let notices = 0;

  const forgetKey = (keyId: string) => {
    notices += 1;
    views.delete(keyId);
    reading.delete(keyId);
  };
  const forgetOrganization = (organizationId: string) => {
    notices += 1;
    for (const [keyId, { view }] of views) {
      if (view.key.organizationId.toHexString() === organizationId) views.delete(keyId);
    }
    reading.clear();
  };
  const unsubscribe = [changes.subscribe('api-key', forgetKey), changes.subscribe('organization', forgetOrganization)];

  function readAndKeep(keyId: string): Promise<KeyView | null> {
    const before = notices;
    const promise = read(keyId).then((view) => {
      if (reading.get(keyId) === promise) reading.delete(keyId);
      if (view && notices === before) {
        views.delete(keyId);
        views.set(keyId, { view, readAt: performance.now() });
        if (views.size > MAX_VIEWS) views.delete(views.keys().next().value ?? keyId);
      }
      return view;
    }, (error: unknown) => {
      if (reading.get(keyId) === promise) reading.delete(keyId);
      throw error;
    });
    reading.set(keyId, promise);
    return promise;
  }

  return {
    get(keyId) {
      const kept = views.get(keyId);
      if (kept && performance.now() - kept.readAt < ttlMs) return Promise.resolve(kept.view);
      return reading.get(keyId) ?? readAndKeep(keyId);
    },
    close() {
      for (const stop of unsubscribe) stop();
    },
  };
}
