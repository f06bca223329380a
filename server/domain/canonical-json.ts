/**
 * JSON with object keys sorted, to compare rule sets by content: a shipped rule set is stored in the code's key order,
 * one activated through the API in the schema's, and the same rules must compare equal either way.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v);
}
