// The load driver: a child process of bench/pipeline/run.ts, so the load comes from another process than the
// services, over loopback. Reads a DriverSpec as JSON on stdin, prints a DriverResult as one JSON line on stdout,
// and exits 1 at the first failed request (a benchmark asserts only that everything it sent succeeded).
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { ChooseDocument, DeliverDocument } from '../generated/graphql.js';
import { userErrorsOf } from '../graphql-operations.js';
import { createGraphqlClient } from '../suite/graphql-client.js';
import { latencySummary, type DriverResult, type DriverSpec, type PipelineSpec, type RawInsertSpec } from './load-spec.js';

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

/** A document the size and shape of a packaging choice, as the pipeline's first insert writes one. */
function rawDocument(platformId: mongoose.mongo.ObjectId, n: number) {
  return {
    platformId,
    orderRef: `raw-${String(n)}`,
    consumerRef: `bench-consumer-${String(n % 1000).padStart(5, '0')}`,
    quoteId: new mongoose.mongo.ObjectId(),
    option: {
      id: 'o2',
      packagingClass: 'GREEN',
      packagingTypeId: new mongoose.mongo.ObjectId(),
      packagingTypeRevision: 1,
      priceMinor: 120,
      depositMinor: 0,
      currency: 'EUR',
      credits: 5,
      emptySpaceRatio: 0.31,
      recommended: true,
    },
    createdAt: new Date(),
  };
}

async function rawInserts(spec: RawInsertSpec): Promise<DriverResult> {
  // The driver's defaults, as the service uses them (pool of 100, no write-concern tuning).
  const client = new mongoose.mongo.MongoClient(spec.mongodbUri, { serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const collection = client.db().collection(spec.collection);
    const platformId = new mongoose.mongo.ObjectId();
    let n = 0;
    const latencies: number[] = [];
    const run = async (untilMs: number, record: boolean) => {
      await Promise.all(
        Array.from({ length: spec.concurrency }, async () => {
          while (performance.now() < untilMs) {
            const started = performance.now();
            await collection.insertOne(rawDocument(platformId, (n += 1)));
            if (record) latencies.push(performance.now() - started);
          }
        }),
      );
    };
    await run(performance.now() + spec.warmupMs, false);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(started + spec.durationMs, true);
    const elapsedMs = performance.now() - started;
    return {
      kind: 'raw-insert',
      inserted: latencies.length,
      elapsedMs,
      insertsPerSecond: latencies.length / (elapsedMs / 1000),
      latency: latencySummary(latencies),
      driverCpuMs: cpuMsSince(cpu),
    };
  } finally {
    await client.close();
  }
}

async function pipeline(spec: PipelineSpec): Promise<DriverResult> {
  // HTTP written straight to kept-alive sockets, one per loop: fetch's client cost this driver about 4 ms of CPU per
  // order, on the two cores the services are measured on.
  const client = createGraphqlClient(spec.graphqlUrl, spec.apiKey, spec.concurrency);
  const choose: number[] = [];
  const deliver: number[] = [];
  let next = 0;
  const loop = async (): Promise<void> => {
    for (let i = next++; i < spec.orders.length; i = next++) {
      const order = spec.orders[i];
      if (!order) continue;
      const started = performance.now();
      const chosen = await client.post(ChooseDocument, {
        input: { quoteId: order.quoteId, optionId: order.optionId, orderRef: order.orderRef, idempotencyKey: order.orderRef },
      });
      const chooseErrors = userErrorsOf(chosen.choosePackaging);
      if (chooseErrors !== '') throw new Error(`choosePackaging ${order.orderRef}: ${chooseErrors}`);
      const chosenAt = performance.now();
      const delivered = await client.post(DeliverDocument, {
        input: { orderRef: order.orderRef, type: 'DELIVERED' },
      });
      const deliverErrors = userErrorsOf(delivered.recordOrderEvent);
      if (deliverErrors !== '') throw new Error(`recordOrderEvent ${order.orderRef}: ${deliverErrors}`);
      choose.push(chosenAt - started);
      deliver.push(performance.now() - chosenAt);
    }
  };
  const firstSentAtMs = Date.now();
  try {
    await Promise.all(Array.from({ length: spec.concurrency }, loop));
  } finally {
    client.close();
  }
  return {
    kind: 'pipeline',
    orders: choose.length,
    firstSentAtMs,
    lastAnsweredAtMs: Date.now(),
    choose: latencySummary(choose),
    deliver: latencySummary(deliver),
    // All of it, start-up included: the parent's measuring window holds the whole life of this process.
    driverCpuMs: cpuMsSince({ user: 0, system: 0 }),
  };
}

try {
  const spec = JSON.parse(await readStdin()) as DriverSpec;
  const result = spec.kind === 'raw-insert' ? await rawInserts(spec) : await pipeline(spec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  process.stderr.write(`load driver failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
