import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Types } from 'mongoose';
import type { OrganizationKind } from '../server/domain/organization.js';
import type { Services } from '../server/services/index.js';

// Demo organizations for the embedded default, created once (fixed ids make a second run find them). Keys are
// stored hashed like any other, so the clear demo keys are kept in a local file beside the embedded data; a key
// that no longer works (a fresh store, another MONGODB_URI) is replaced by a new one.

interface DemoOrganization {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly registrationNumber: string;
}

export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { id: '64656d6f0000000000000001', name: 'Demo Mall (platform)', kind: 'PLATFORM', registrationNumber: 'DEMO-PLATFORM-1' },
  { id: '64656d6f0000000000000002', name: 'Demo Box Co. (producer)', kind: 'PRODUCER', registrationNumber: 'DEMO-PRODUCER-1' },
  { id: '64656d6f0000000000000003', name: 'Demo Station (collector)', kind: 'COLLECTOR', registrationNumber: 'DEMO-COLLECTOR-1' },
  { id: '64656d6f0000000000000004', name: 'Demo Regulator', kind: 'REGULATOR', registrationNumber: 'DEMO-REGULATOR-1' },
];

export interface DemoKey {
  readonly name: string;
  readonly kind: OrganizationKind;
  readonly apiKey: string;
}

export async function seedDemoData(services: Services, keysFile: string): Promise<DemoKey[]> {
  const saved = existsSync(keysFile) ? (JSON.parse(await readFile(keysFile, 'utf8')) as Record<string, string>) : {};
  const keys: DemoKey[] = [];
  for (const demo of DEMO_ORGANIZATIONS) {
    const id = new Types.ObjectId(demo.id);
    await services.identity.ensureOrganization(id, {
      name: demo.name,
      kind: demo.kind,
      registrationNumber: demo.registrationNumber,
      contactEmail: `${demo.kind.toLowerCase()}@demo.greenloop.local`,
    });
    let apiKey = saved[demo.id];
    const principal = apiKey ? await services.identity.authenticate(apiKey) : null;
    if (!apiKey || principal?.kind !== 'ORGANIZATION' || !principal.organization._id.equals(id)) {
      apiKey = await services.identity.issueApiKey(id);
      saved[demo.id] = apiKey;
    }
    keys.push({ name: demo.name, kind: demo.kind, apiKey });
  }
  await writeFile(keysFile, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
