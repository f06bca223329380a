// `npm run demo`: the whole loop in one command, through the public GraphQL API, on a GreenLoop of its own
// (scripts/demo/embedded-stack.ts): a producer registers packaging, a platform quotes and a consumer chooses, the
// order is delivered and the credits post, a reusable unit goes out and comes back through a collection point, the
// producer reports, and the compliance job computes compliance and fees. Exits 0 when every step worked, 1 naming
// the step that did not; either way it stops and deletes what it started.
import { EmbeddedStack } from './demo/embedded-stack.js';
import { runSteps, reasonOf, type RunnableStep } from './demo/run-steps.js';
import { DEMO_STEPS, newDemoState, type DemoState, type StepId, type StepOutcome } from './demo/steps.js';
import { demoSummary } from './demo/summary.js';
import { StepProgress } from './terminal/progress.js';

const out = process.stdout;
const startedAt = Date.now();
const stack = new EmbeddedStack();
let cleaning: Promise<void> | null = null;

/** Stops what the demo started, once, and says what it did. */
function cleanUp(keepLog: boolean): Promise<void> {
  cleaning ??= (async () => {
    const done = await stack.stop({ keepWorkDir: keepLog });
    if (done.length > 0) out.write(`Cleaned up: ${done.join('; ')}.\n`);
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    out.write(`\n${signal}: stopping the demo and cleaning up...\n`);
    void cleanUp(false).finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  out.write('GreenLoop demo: the whole loop through the public GraphQL API, on a GreenLoop of its own.\n\n');
  let state: DemoState | null = null;
  const demoState = (): DemoState => {
    if (!state) throw new Error('the service did not start');
    return state;
  };
  const steps: RunnableStep[] = [
    {
      title: 'Start FerretDB, Redis and GreenLoop for the demo',
      async run(waiting) {
        const endpoint = await stack.start(process.env, waiting);
        state = newDemoState(endpoint.url, endpoint.adminKey);
        return { narration: [...endpoint.describe, `Everything below happens in ${state.period} (UTC), the current month.`], figures: {} };
      },
    },
    ...DEMO_STEPS.map((step) => ({ title: step.title, run: (waiting: (what: string) => void) => step.run(demoState(), waiting) })),
  ];

  const result = await runSteps(steps, new StepProgress(steps.length, out));
  out.write('\n');
  if (!result.ok) {
    out.write(`The demo failed at step ${String(result.failed.n)}/${String(steps.length)} (${result.failed.title}): ${result.failed.reason}\n`);
    await cleanUp(true);
    return 1;
  }
  const figures: Partial<Record<StepId, StepOutcome['figures']>> = {};
  DEMO_STEPS.forEach((step, i) => { figures[step.id] = result.outcomes[i + 1]?.figures ?? {}; });
  for (const line of demoSummary(demoState(), figures)) out.write(`${line}\n`);
  out.write('\n');
  await cleanUp(false);
  out.write(`Demo finished in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    out.write(`The demo failed: ${reasonOf(error)}\n`);
    await cleanUp(true).catch(() => undefined);
    process.exit(1);
  },
);
