// One load process of the chaos suite: runs its share of the plan's stories over HTTP, a few at a time, and writes
// what the API accepted to a file. It prints a line per HTTP attempt (+) and per story done (S): the suite times its
// faults by that progress.
//   node --import tsx test/chaos/support/load-driver.ts <input.json> <output.json>
import { readFile, writeFile } from 'node:fs/promises';
import { ApiClient, UnexpectedAnswer } from './api-client.js';
import { StoryRunner } from './story-runner.js';
import type { Catalog, DriverReport, Story } from './workload.js';

export interface DriverInput {
  readonly driver: number;
  readonly concurrency: number;
  /** Story i starts no earlier than i x paceMs after the start, so a fast machine does not outrun the faults. */
  readonly paceMs: number;
  readonly catalog: Catalog;
  readonly stories: readonly Story[];
}

const [inputPath = '', outputPath = ''] = process.argv.slice(2);
if (inputPath === '' || outputPath === '') throw new Error('usage: load-driver <input.json> <output.json>');
const input = JSON.parse(await readFile(inputPath, 'utf8')) as DriverInput;

const client = new ApiClient(input.catalog.graphqlUrls, {}, () => { process.stdout.write('+\n'); });
const runner = new StoryRunner(client, input.catalog);
const queue = input.stories.map((story, i) => ({ story, notBefore: performance.now() + i * input.paceMs }));
await Promise.all(
  Array.from({ length: input.concurrency }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { story, notBefore } = next;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, notBefore - performance.now())));
      try {
        await runner.run(story);
        process.stdout.write('S\n');
      } catch (error) {
        if (!(error instanceof UnexpectedAnswer)) throw error;
        runner.anomalies.push(`${story.kind} ${String(story.n)}: ${error.message}`);
        process.stdout.write('S\n');
      }
    }
  }),
);
const report: DriverReport = {
  driver: input.driver,
  results: runner.results,
  requests: client.requests,
  calls: client.calls,
  duplicates: runner.duplicates,
  tally: client.tally,
  samples: client.samples,
  anomalies: runner.anomalies,
};
await writeFile(outputPath, JSON.stringify(report));
