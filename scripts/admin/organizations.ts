import { CreateOrganizationDocument, OrganizationKeysDocument, type ApiKeyFieldsFragment, type OrganizationKeysQuery, type OrganizationKind } from '../generated/graphql.js';
import { ApiError, answered, requireNoUserErrors } from '../terminal/graphql-client.js';
import { UsageError, matching } from './command-line.js';
import { ORGANIZATION_ID, type AdminCommand, type CommandContext } from './command.js';

const KINDS: readonly OrganizationKind[] = ['PRODUCER', 'PLATFORM', 'COLLECTOR', 'REGULATOR'];

type Organization = NonNullable<OrganizationKeysQuery['organization']>;
type OrganizationWithKeys = Organization & { apiKeys: NonNullable<Organization['apiKeys']> };

/** An organization and its keys, as the operator reads them; NOT_FOUND when there is none. */
export async function organizationWithKeys(context: CommandContext, id: string): Promise<OrganizationWithKeys> {
  const data = await context.operator().request(OrganizationKeysDocument, { id });
  if (!data.organization) throw new ApiError('NOT_FOUND', `no organization has the id ${id}`);
  return { ...data.organization, apiKeys: answered(data.organization.apiKeys, 'organization.apiKeys') };
}

export const keyLine = (k: ApiKeyFieldsFragment) =>
  `  ${k.id}  ${k.active ? 'active ' : 'ended  '} created ${k.createdAt}${k.revokedAt ? `, ${k.active ? 'ends' : 'ended'} ${k.revokedAt}` : ''}${k.replaces ? `, replaces ${k.replaces}` : ''}`;

export const createOrganization: AdminCommand = {
  name: 'create-organization',
  summary: 'create an organization and print its first API key (shown once)',
  usage: 'create-organization --name <name> --kind <PRODUCER|PLATFORM|COLLECTOR|REGULATOR> [--registration-number <number>] [--contact-email <address>]',
  details: ['The key is printed once: GreenLoop stores only its hash. Store it now, or rotate the organization\'s key later.'],
  options: [
    { name: 'name', value: 'name', required: true, description: '1 to 200 characters' },
    { name: 'kind', value: 'kind', required: true, description: KINDS.join(', ') },
    { name: 'registration-number', value: 'number', description: 'the official company registration number' },
    { name: 'contact-email', value: 'address', description: 'where GreenLoop sends this organization\'s reports' },
  ],
  positionals: { min: 0, max: 0 },
  async run(context, args) {
    const given = (args.options.get('kind') ?? '').toUpperCase();
    const kind = KINDS.find((k) => k === given);
    if (!kind) throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${args.options.get('kind') ?? ''}")`, 'create-organization');
    const input = {
      name: args.options.get('name') ?? '',
      kind,
      registrationNumber: args.options.get('registration-number') ?? null,
      contactEmail: args.options.get('contact-email') ?? null,
    };
    const data = await context.operator().request(CreateOrganizationDocument, { input });
    requireNoUserErrors(data.createOrganization, 'createOrganization');
    const { organization, apiKey } = data.createOrganization;
    if (!organization || !apiKey) throw new Error('createOrganization answered without an organization or a key');
    return {
      lines: [
        `Created ${organization.kind} ${organization.name}`,
        `  id:      ${organization.id}`,
        `  API key: ${apiKey}`,
        'The key is shown this once (only its hash is stored): give it to the organization now.',
      ],
      json: { organization, apiKey },
    };
  },
};

export const listKeys: AdminCommand = {
  name: 'list-keys',
  summary: 'list an organization\'s API keys (ids, state; never secrets)',
  usage: 'list-keys --organization <id>',
  details: [],
  options: [{ name: 'organization', value: 'id', required: true, description: 'the organization\'s id' }],
  positionals: { min: 0, max: 0 },
  async run(context, args) {
    const id = matching(args, 'organization', ORGANIZATION_ID, 'an organization id (24 hex digits)', 'list-keys') ?? '';
    const organization = await organizationWithKeys(context, id);
    return {
      lines: [`${organization.kind} ${organization.name} (${organization.id}): ${String(organization.apiKeys.totalCount)} key(s)`, ...organization.apiKeys.nodes.map(keyLine)],
      json: organization,
    };
  },
};
