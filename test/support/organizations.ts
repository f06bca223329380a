import { graphql } from './graphql-client.js';
import { TEST_ADMIN_KEY } from './services.js';

export type OrganizationKind = 'PLATFORM' | 'PRODUCER' | 'COLLECTOR' | 'REGULATOR';

/** Creates each organization with the operator key; its API key and id by name. */
export async function createOrganizations(url: string, organizations: readonly (readonly [string, OrganizationKind])[]): Promise<{ keys: Record<string, string>; ids: Record<string, string> }> {
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  for (const [name, kind] of organizations) {
    const created = await graphql<{ createOrganization: { apiKey: string; organization: { id: string } } }>(url,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }',
      { key: TEST_ADMIN_KEY, variables: { input: { name, kind } } });
    const made = created.data?.createOrganization;
    if (!made) throw new Error(`organization ${name} was not created: ${JSON.stringify(created.errors ?? null)}`);
    keys[name] = made.apiKey;
    ids[name] = made.organization.id;
  }
  return { keys, ids };
}
