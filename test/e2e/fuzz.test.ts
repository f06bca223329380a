// Hostile input: thousands of random and malformed GraphQL documents, variables and request bodies, sent to every
// query and mutation with valid keys of every kind (and the operator's, a wrong one, none). Whatever arrives, the
// API answers without a 5xx, without a stack trace or a source path, with a known code on every error and
// userError, and a rejected request writes nothing.
//
// Writes have two witnesses: the driver's command events on the server's store connection (every insert, update or
// delete that changed a document) and the document count of every collection. A batch in which nothing was written
// clears all its rejected requests; a batch of rejected requests that wrote fails; a batch in which accepted
// requests wrote has its rejected requests sent again on their own. Every COUNT_EVERY-th batch without a write seen
// also compares the counts of all collections before and after.
//
// FUZZ_RUNS sets the runs per property (default 60: about 3200 requests); FUZZ_SEED replays a failing run;
// FUZZ_SHRINK=1 shrinks a failure (slow: it re-runs against the store).
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { graphql } from '../support/graphql-client.js';
import { startService, type RunningService } from '../support/harness.js';
import { abusiveDocument, documentText, hostileValue, inputValue, malformedBody, type Pools } from '../support/hostile-values.js';
import { greenBox, reusableCrate } from '../support/packaging-fixtures.js';
import { postRaw, responseProblems, userErrorsIn, type GraphQLBody, type RawResponse } from '../support/response-hygiene.js';
import { documentFor, introspectSchema, rootFields, type RootField } from '../support/schema-walk.js';
import { TEST_ADMIN_KEY } from '../support/services.js';
import { countChanges, documentCounts, watchWrites, type Counts } from '../support/store-writes.js';
import { WORLD_PERIOD, WORLD_STARTS_AT } from '../support/tenant-world.js';
import { pinnedClock, stopwatch } from '../support/test-clock.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
/** Requests of the second property per run. */
const DOCUMENTS_PER_RUN = 16;
/** Requests sent at once. */
const BATCH = 20;
/** Every how many batches the document counts are compared too. */
const COUNT_EVERY = 3;

interface FuzzRequest {
  readonly what: string;
  readonly key: string | null;
  readonly body: string;
  readonly contentType: string;
}

/** A request the API turned down: an HTTP error, no data, or only nulls and userErrors where the fields should be. */
function wasRejected(response: RawResponse): boolean {
  if (response.status >= 400 || response.json === null || typeof response.json !== 'object' || Array.isArray(response.json)) return true;
  const data = (response.json as GraphQLBody).data;
  if (!data) return true;
  return Object.values(data).every((value) => value === null || userErrorsIn(value).length > 0);
}

describe('hostile input: random and malformed GraphQL to every query and mutation', function () {
  this.timeout(600_000);
  let service: RunningService;
  let fields: RootField[] = [];
  let keys: (string | null)[] = [];
  let pools: Pools = { ids: [], strings: [] };
  let validDocuments: string[] = [];
  let writes: ReturnType<typeof watchWrites>;
  /** The counts as of the last write the monitor saw; null once a write made them stale. */
  let baseline: Counts | null = null;
  let batches = 0;
  const tally = {
    requests: 0,
    rejected: 0,
    /** Rejected requests shown to have written nothing. */
    checkedForWrites: 0,
    /** Rejected requests sent again on their own, because their batch had accepted requests that wrote. */
    replayed: 0,
    countedBatches: 0,
    byStatus: {} as Record<string, number>,
    byCode: {} as Record<string, number>,
    fields: {} as Record<string, number>,
    slowest: [] as { ms: number; what: string }[],
  };

  before(async function () {
    this.timeout(120_000);
    // The API alone: no worker writing in the background, so every write the store sees comes from a request.
    service = await startService('e2e_fuzz', {
      NODE_ENV: 'production',
      ROLE: 'api',
      CONTACT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_MINUTE: '0',
    }, { store: { monitorCommands: true }, clock: pinnedClock(WORLD_STARTS_AT).now });
    const seeded = await seed(service.url);
    keys = [...seeded.keys, TEST_ADMIN_KEY, null, 'not-a-key', `glk_${'0'.repeat(16)}_${'A'.repeat(43)}`];
    pools = seeded.pools;
    fields = rootFields(await introspectSchema(service.url));
    validDocuments = fields.map((f) => documentFor(f, { depth: 2, pageSize: 3 }));
    writes = watchWrites(service.running.store);
  });
  after(async () => {
    writes.stop();
    await service.dispose();
  });

  const counts = () => documentCounts(service.running.store);

  /** Sends a batch at once, checks every response, then what was written (see the top of this file). */
  async function runBatch(requests: readonly FuzzRequest[], replay = false): Promise<string[]> {
    const counted = replay || batches % COUNT_EVERY === 0;
    batches += 1;
    if (counted) baseline ??= await counts();
    writes.take();
    const responses = await Promise.all(requests.map(async (r) => {
      const took = stopwatch();
      const response = await postRaw(service.url, r.body, r.key, r.contentType);
      tally.slowest.push({ ms: Math.round(took.elapsedMs()), what: `${r.what} (${String(r.body.length)} bytes): ${JSON.stringify(r.body.slice(0, 160))}` });
      tally.slowest = tally.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
      return response;
    }));
    const observed = writes.take();
    const problems: string[] = [];
    const describe = (i: number) => {
      const request = requests[i];
      const response = responses[i];
      return `${request?.what ?? '?'} with key ${JSON.stringify(request?.key?.slice(0, 12) ?? null)}: ${request?.body.slice(0, 400) ?? ''}\n    -> ${String(response?.status)} ${response?.text.slice(0, 400) ?? ''}`;
    };
    const rejected = responses.map(wasRejected);
    responses.forEach((response, i) => {
      if (!replay) {
        tally.requests += 1;
        tally.rejected += rejected[i] ? 1 : 0;
        tally.byStatus[String(response.status)] = (tally.byStatus[String(response.status)] ?? 0) + 1;
        for (const e of (response.json as GraphQLBody | undefined)?.errors ?? []) {
          const code = String(e.extensions?.code);
          tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
        }
      }
      for (const p of responseProblems(response, requests[i]?.body ?? '')) problems.push(`${p}\n  ${describe(i)}`);
    });

    const rejectedCount = rejected.filter(Boolean).length;
    const allRejected = rejectedCount === requests.length;
    if (observed.length > 0) baseline = null;
    // The second witness: where no write was seen, no collection may have gained or lost a document.
    if (counted && observed.length === 0) {
      const before = baseline;
      baseline = await counts();
      tally.countedBatches += 1;
      const changed = before ? countChanges(before, baseline) : [];
      if (changed.length > 0) problems.push(`the document counts changed in a batch without a write seen: ${changed.join(', ')}\n  ${requests.map((_, i) => describe(i)).join('\n  ')}`);
    }
    if (observed.length === 0) {
      tally.checkedForWrites += rejectedCount;
    } else if (allRejected) {
      problems.push(`a batch of rejected requests wrote: ${observed.map((w) => `${w.command} ${w.collection} ${JSON.stringify(w.reply).slice(0, 200)}`).join(', ')}\n  ${requests.map((_, i) => describe(i)).join('\n  ')}`);
    } else if (rejectedCount > 0) {
      tally.replayed += rejectedCount;
      problems.push(...await runBatch(requests.filter((_, i) => rejected[i]), true));
    }
    return problems;
  }

  /** Runs the property; a failure names the seed and run to replay, and what went wrong (not the whole input). */
  async function assertProperty<T>(arbitrary: fc.Arbitrary<T>, toRequests: (value: T) => FuzzRequest[]): Promise<void> {
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async (value) => {
        const requests = toRequests(value);
        const problems: string[] = [];
        for (let i = 0; i < requests.length; i += BATCH) problems.push(...await runBatch(requests.slice(i, i + BATCH)));
        if (problems.length > 0) throw new Error(`${String(problems.length)} problem(s):\n${problems.slice(0, 20).join('\n')}`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK !== '1' },
    );
    if (details.failed) {
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(`fuzzing failed at run ${String(details.numRuns)}; replay with FUZZ_SEED=${String(details.seed)} (path ${String(details.counterexamplePath)}):\n${cause.slice(0, 30_000)}`);
    }
  }

  it('sees writes when they happen: an accepted mutation shows in the command events and the counts', async () => {
    const before = await counts();
    writes.take();
    const created = await graphql(service.url, 'mutation { createOrganization(input: {name: "fuzz witness", kind: COLLECTOR}) { apiKey } }', { key: TEST_ADMIN_KEY });
    expect(created.errors).to.equal(undefined);
    expect(writes.take().map((w) => `${w.command} ${w.collection}`)).to.include.members(['insert organizations', 'insert api_keys']);
    expect(countChanges(before, await counts())).to.have.length.at.least(2);
  });

  it('types what graphql-js and Apollo leave without a code: a subscription, a persisted query that does not match, 51 bad variable values', async () => {
    const platform = keys[1] ?? null;
    // Under the modern media type a request error carries its 4xx (graphql/http-status.ts).
    const post = (body: string, key: string | null, accept = 'application/graphql-response+json') => postRaw(service.url, body, key, 'application/json', accept);
    const subscription = await post(JSON.stringify({ query: 'subscription { viewer { id } }' }), platform);
    const mismatch = await post(JSON.stringify({ query: '{ viewer { id } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }), platform);
    const badVersion = await post(JSON.stringify({ query: '{ viewer { id } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'f'.repeat(64) } } }), platform);
    const tooMany = await post(JSON.stringify({
      query: 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { userErrors { code } } }',
      variables: { input: { packagingTypeId: 'x', serials: Array<null>(60).fill(null) } },
    }), keys[0] ?? null);
    const codes = (r: RawResponse) => [...new Set(((r.json as GraphQLBody).errors ?? []).map((e) => e.extensions?.code))];
    expect([subscription.status, codes(subscription)]).to.deep.equal([400, ['GRAPHQL_VALIDATION_FAILED']]);
    const legacy = await post(JSON.stringify({ query: 'subscription { viewer { id } }' }), platform, 'application/json');
    expect([legacy.status, codes(legacy)], 'application/json: 200, the same error').to.deep.equal([200, ['GRAPHQL_VALIDATION_FAILED']]);
    expect([mismatch.status, codes(mismatch)]).to.deep.equal([400, ['BAD_REQUEST']]);
    expect([badVersion.status, codes(badVersion)]).to.deep.equal([400, ['BAD_REQUEST']]);
    expect([tooMany.status, codes(tooMany)]).to.deep.equal([400, ['BAD_USER_INPUT']]);
  });

  it(`sends every field well-typed and ill-typed variables with every kind of key (seed ${String(SEED)}, ${String(RUNS)} runs)`, async () => {
    // Each run: one request per root field, its variables built from the schema with hostile values mixed in.
    // Half the time every value has the right shape (random content), so the call gets past GraphQL's own checks
    // into the resolvers and services; the other half hostile values lurk at every level.
    const variablesOf = (field: RootField, hostileWeight: number) =>
      fc.record(Object.fromEntries(field.args.map((arg) => [arg.name, inputValue(arg.type, pools, hostileWeight)])), { requiredKeys: [] });
    const perField = fields.map((field) => fc.record({
      variables: fc.oneof(variablesOf(field, 1), variablesOf(field, 0)),
      key: fc.constantFrom(...keys),
    }));
    await assertProperty(fc.tuple(...perField), (calls) => calls.map((call, i) => {
      const name = fields[i]?.name ?? '?';
      tally.fields[name] = (tally.fields[name] ?? 0) + 1;
      return { what: name, key: call.key, body: JSON.stringify({ query: validDocuments[i], variables: call.variables }), contentType: 'application/json' };
    }));
    expect(Object.keys(tally.fields)).to.have.length(fields.length);
  });

  it(`sends broken documents, abusive documents and malformed bodies (seed ${String(SEED)}, ${String(RUNS)} runs)`, async () => {
    const documents = fc.oneof(documentText(fields.map((f) => f.name), validDocuments), abusiveDocument());
    const anyVariables = fc.oneof(fc.constant({}), fc.dictionary(fc.constantFrom('input', 'id', 'first', 'after', 'serial', 'period', 'consumerRef', 'x'), hostileValue, { maxKeys: 3 }));
    const request = fc.oneof(
      fc.record({ query: documents, variables: anyVariables, key: fc.constantFrom(...keys) })
        .map((r): FuzzRequest => ({ what: 'document', key: r.key, body: JSON.stringify({ query: r.query, variables: r.variables }), contentType: 'application/json' })),
      fc.record({ raw: malformedBody(documents), key: fc.constantFrom(...keys) })
        .map((r): FuzzRequest => ({ what: 'body', key: r.key, body: r.raw.body, contentType: r.raw.contentType })),
    );
    await assertProperty(fc.array(request, { minLength: DOCUMENTS_PER_RUN, maxLength: DOCUMENTS_PER_RUN }), (requests) => requests);
  });

  it('answered every input, and showed nearly every rejected one to have written nothing', () => {
    const line = (text: string) => { process.stderr.write(`      ${text}\n`); };
    line(`fuzz: ${String(tally.requests)} inputs over ${String(fields.length)} root fields (seed ${String(SEED)}); ${String(tally.rejected)} rejected, ${String(tally.checkedForWrites)} of them shown to write nothing (${String(tally.replayed)} sent again alone; counts compared in ${String(tally.countedBatches)} batches)`);
    line(`statuses ${JSON.stringify(tally.byStatus)}; error codes ${JSON.stringify(tally.byCode)}`);
    line(`slowest: ${tally.slowest.map((s) => `${String(s.ms)} ms ${s.what}`).join('\n               ')}`);
    expect(tally.requests).to.be.at.least(RUNS * (fields.length + DOCUMENTS_PER_RUN));
    expect(tally.checkedForWrites).to.be.at.least(tally.rejected * 0.95);
    expect(tally.countedBatches).to.be.greaterThan(0);
  });
});

/** One organization of each kind with some data, so that real ids turn up among the random ones. */
async function seed(url: string): Promise<{ keys: string[]; pools: Pools }> {
  const ids: string[] = [];
  const strings: string[] = [WORLD_PERIOD, WORLD_PERIOD.slice(0, 4), 'PAPER_CARD'];
  const call = async <T>(key: string, query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await graphql<T>(url, query, { key, variables });
    if (!response.data || response.errors) throw new Error(`seeding failed: ${JSON.stringify(response.errors)}`);
    return response.data;
  };
  const keys: Record<string, string> = {};
  const orgIds: Record<string, string> = {};
  for (const kind of ['PRODUCER', 'PLATFORM', 'COLLECTOR', 'REGULATOR']) {
    const created = await call<{ createOrganization: { apiKey: string; organization: { id: string } } }>(TEST_ADMIN_KEY,
      'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { apiKey organization { id } } }', { input: { name: `fuzz ${kind}`, kind } });
    keys[kind] = created.createOrganization.apiKey;
    orgIds[kind] = created.createOrganization.organization.id;
    ids.push(created.createOrganization.organization.id);
    strings.push(/^glk_([a-f0-9]{16})_/.exec(created.createOrganization.apiKey)?.[1] ?? '');
  }
  const producer = keys.PRODUCER ?? '';
  const platform = keys.PLATFORM ?? '';
  const collector = keys.COLLECTOR ?? '';
  const register = async (input: Record<string, unknown>) => (await call<{ registerPackagingType: { packagingType: { id: string } } }>(producer,
    'mutation($input: PackagingTypeInput!) { registerPackagingType(input: $input) { packagingType { id } } }', { input })).registerPackagingType.packagingType.id;
  ids.push(await register(greenBox('FUZZ-BOX')));
  const crateId = await register(reusableCrate('FUZZ-CRATE'));
  ids.push(crateId);
  await call(producer, 'mutation($input: IssueUnitsInput!) { issueReusableUnits(input: $input) { units { serial } } }', { input: { packagingTypeId: crateId, serials: ['FUZZ-0001', 'FUZZ-0002'] } });
  strings.push('FUZZ-0001', 'FUZZ-0002', 'FUZZ-BOX', 'fuzz-consumer', 'fuzz-order');
  const point = await call<{ registerCollectionPoint: { collectionPoint: { id: string } } }>(collector,
    'mutation($input: CollectionPointInput!) { registerCollectionPoint(input: $input) { collectionPoint { id } } }', { input: { name: 'Fuzz point', region: 'CN-31', accepts: ['PAPER_CARD'] } });
  const pointId = point.registerCollectionPoint.collectionPoint.id;
  ids.push(pointId);
  const quote = await call<{ packagingOptions: { id: string; options: { id: string; packagingClass: string }[] } }>(platform,
    'query($parcel: ParcelInput!) { packagingOptions(parcel: $parcel, consumerRef: "fuzz-consumer") { id options { id packagingClass } } }',
    { parcel: { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900 } });
  ids.push(quote.packagingOptions.id, ...quote.packagingOptions.options.map((o) => o.id));
  const option = quote.packagingOptions.options.find((o) => o.packagingClass === 'REUSABLE');
  await call(platform, 'mutation($input: ChoosePackagingInput!) { choosePackaging(input: $input) { choice { id } } }',
    { input: { quoteId: quote.packagingOptions.id, optionId: option?.id, orderRef: 'fuzz-order', idempotencyKey: 'fuzz-order' } });
  const flagged = await call<{ recordReturn: { returnEvent: { id: string } } }>(collector,
    'mutation($input: ReturnInput!) { recordReturn(input: $input) { returnEvent { id } } }',
    { input: { collectionPointId: pointId, idempotencyKey: 'fuzz-return', material: 'PAPER_CARD', quantity: 60, massGrams: 600, platformId: orgIds.PLATFORM, consumerRef: 'fuzz-consumer' } });
  ids.push(flagged.recordReturn.returnEvent.id);
  const cursors = ids.map((id) => Buffer.from(id).toString('base64url'));
  return { keys: Object.values(keys), pools: { ids, strings: [...strings, ...cursors] } };
}
