import { RevokeApiKeyDocument, RotateApiKeyDocument, type ApiKeyFieldsFragment } from '../generated/graphql.js';
import { requireNoUserErrors } from '../terminal/graphql-client.js';
import { UsageError, matching, wholeNumber } from './command-line.js';
import { KEY_ID, ORGANIZATION_ID, type AdminCommand } from './command.js';
import { keyLine, organizationWithKeys } from './organizations.js';

const MAX_OVERLAP_SECONDS = 86_400;

export const rotateKey: AdminCommand = {
  name: 'rotate-key',
  summary: 'issue an organization a new API key and end the old one (at once, or after an overlap)',
  usage: 'rotate-key --organization <id> [--key-id <id>] [--overlap <seconds>]',
  details: [
    'Without --key-id the organization\'s one active key is rotated; with several active keys, name one. An organization',
    'with no active key (all revoked) gets its newest key rotated: how a locked-out organization gets a key back.',
    'The new key is printed once: GreenLoop stores only its hash.',
  ],
  options: [
    { name: 'organization', value: 'id', required: true, description: 'the organization whose key to rotate' },
    { name: 'key-id', value: 'id', description: 'the key to replace: the id part of glk_<id>_<secret> (see list-keys)' },
    { name: 'overlap', value: 'seconds', description: `how long the old key keeps working, 0 to ${String(MAX_OVERLAP_SECONDS)} (default 0: it stops at once)` },
  ],
  positionals: { min: 0, max: 0 },
  async run(context, args) {
    const organizationId = matching(args, 'organization', ORGANIZATION_ID, 'an organization id (24 hex digits)', 'rotate-key') ?? '';
    const named = matching(args, 'key-id', KEY_ID, 'a key id (16 hex digits, the part between glk_ and the secret)', 'rotate-key');
    const overlapSeconds = wholeNumber(args, 'overlap', 0, MAX_OVERLAP_SECONDS, 'rotate-key') ?? 0;
    const organization = await organizationWithKeys(context, organizationId);
    const keys = organization.apiKeys.nodes;
    let target: ApiKeyFieldsFragment | undefined;
    if (named) {
      target = keys.find((k) => k.id === named);
      if (!target) throw new UsageError(`key ${named} is not one of ${organization.name}'s keys:\n${keys.map(keyLine).join('\n')}`, 'rotate-key');
    } else {
      const active = keys.filter((k) => k.active);
      if (active.length > 1) throw new UsageError(`${organization.name} has ${String(active.length)} active keys; name one with --key-id:\n${active.map(keyLine).join('\n')}`, 'rotate-key');
      target = active[0] ?? keys.at(-1);
      if (!target) throw new UsageError(`${organization.name} has no API keys to rotate`, 'rotate-key');
    }
    const data = await context.operator().request(RotateApiKeyDocument, { input: { keyId: target.id, overlapSeconds } });
    requireNoUserErrors(data.rotateApiKey, 'rotateApiKey');
    const { apiKey, key, replaced } = data.rotateApiKey;
    if (!apiKey || !key || !replaced) throw new Error('rotateApiKey answered without the new key');
    return {
      lines: [
        `Rotated ${organization.name}'s key ${replaced.id}`,
        `  new key: ${apiKey}`,
        `  old key ${replaced.id} ${replaced.active ? `works until ${replaced.revokedAt ?? '?'}` : `stopped working at ${replaced.revokedAt ?? '?'}`}`,
        'The new key is shown this once (only its hash is stored): give it to the organization now.',
      ],
      json: { organization: { id: organization.id, name: organization.name }, apiKey, key, replaced },
    };
  },
};

export const revokeKey: AdminCommand = {
  name: 'revoke-key',
  summary: 'end an API key now; requests with it then get UNAUTHENTICATED',
  usage: 'revoke-key --key-id <id>',
  details: ['The key id is the part between glk_ and the secret (list-keys shows an organization\'s). Revoking again changes nothing.'],
  options: [{ name: 'key-id', value: 'id', required: true, description: 'the key to revoke' }],
  positionals: { min: 0, max: 0 },
  async run(context, args) {
    const keyId = matching(args, 'key-id', KEY_ID, 'a key id (16 hex digits, the part between glk_ and the secret)', 'revoke-key') ?? '';
    const data = await context.operator().request(RevokeApiKeyDocument, { input: { keyId } });
    requireNoUserErrors(data.revokeApiKey, 'revokeApiKey');
    const key = data.revokeApiKey.key;
    if (!key) throw new Error('revokeApiKey answered without the key');
    return { lines: [`Revoked key ${key.id} (${key.prefix}...): it stopped working at ${key.revokedAt ?? '?'}`], json: { key } };
  },
};
