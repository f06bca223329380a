import type { StepProgress } from '../terminal/progress.js';
import { ApiError } from '../terminal/graphql-client.js';
import type { StepOutcome, WaitNotice } from './steps.js';

/** One numbered step of a run: what it does and the work, given a way to say what it waits for. */
export interface RunnableStep {
  readonly title: string;
  run(waiting: WaitNotice): Promise<StepOutcome>;
}

export type StepsResult =
  | { readonly ok: true; readonly outcomes: readonly StepOutcome[] }
  | { readonly ok: false; readonly outcomes: readonly StepOutcome[]; readonly failed: { readonly n: number; readonly title: string; readonly reason: string } };

/** An error as one line: an API error with its code, anything else by its message. */
export function reasonOf(error: unknown): string {
  if (error instanceof ApiError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/** Runs the steps in order on the display; stops at the first that fails and says which and why. */
export async function runSteps(steps: readonly RunnableStep[], display: StepProgress): Promise<StepsResult> {
  const outcomes: StepOutcome[] = [];
  for (const [i, step] of steps.entries()) {
    const n = i + 1;
    display.start(n, step.title);
    try {
      const outcome = await step.run((what) => { display.detail(what); });
      display.succeed(outcome.narration);
      outcomes.push(outcome);
    } catch (error) {
      const reason = reasonOf(error);
      display.fail(reason);
      return { ok: false, outcomes, failed: { n, title: step.title, reason } };
    }
  }
  return { ok: true, outcomes };
}
