import { PERIOD_FORMAT, parsePeriod } from '../../server/domain/period.js';
import { ComplianceRecomputationDocument, RecomputeComplianceDocument } from '../generated/graphql.js';
import { ApiError, requireNoUserErrors } from '../terminal/graphql-client.js';
import { PercentBar } from '../terminal/progress.js';
import { UsageError, wholeNumber } from './command-line.js';
import type { AdminCommand } from './command.js';

const POLL_MS = 250;

const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toFixed(2)}`;

export const recomputeCompliance: AdminCommand = {
  name: 'recompute-compliance',
  summary: 'recompute every producer\'s compliance and fees for a period, with a progress bar',
  usage: 'recompute-compliance --period <YYYY|YYYY-Hn|YYYY-Qn|YYYY-MM> [--no-wait] [--timeout <seconds>]',
  details: [
    'Enqueues the compliance job for the period (recomputeCompliance) and follows it (complianceRecomputation) until it',
    'completes, then prints the period\'s snapshots: producers per status and their fees. Safe to repeat.',
  ],
  options: [
    { name: 'period', value: 'period', required: true, description: `${PERIOD_FORMAT}; it must have started` },
    { name: 'no-wait', description: 'print the recomputation\'s id and return without following it' },
    { name: 'timeout', value: 'seconds', description: 'give up following after this long (default 600); the job runs on' },
  ],
  positionals: { min: 0, max: 0 },
  async run(context, args) {
    const periodValue = args.options.get('period') ?? '';
    const period = parsePeriod(periodValue);
    if (!period) throw new UsageError(`--period must be ${PERIOD_FORMAT} (got "${periodValue}")`, 'recompute-compliance');
    const timeoutMs = (wholeNumber(args, 'timeout', 1, 86_400, 'recompute-compliance') ?? 600) * 1000;
    const operator = context.operator();
    const asked = await operator.request(RecomputeComplianceDocument, { input: { period: period.key } });
    requireNoUserErrors(asked.recomputeCompliance, 'recomputeCompliance');
    let recomputation = asked.recomputeCompliance.recomputation;
    if (!recomputation) throw new Error('recomputeCompliance answered without the recomputation');
    if (args.flags.has('no-wait')) {
      return { lines: [`Recomputation ${recomputation.id} of ${recomputation.period} is ${recomputation.state}.`], json: recomputation };
    }

    const bar = new PercentBar(context.progress);
    const deadline = Date.now() + timeoutMs;
    while (recomputation.state !== 'COMPLETED' && recomputation.state !== 'FAILED') {
      bar.update(recomputation.progressPct, recomputation.state.toLowerCase());
      if (Date.now() > deadline) {
        bar.finish();
        throw new ApiError('TIMEOUT', `recomputation ${recomputation.id} is still ${recomputation.state} after ${String(timeoutMs / 1000)} s; it runs on (follow it with complianceRecomputation(id: "${recomputation.id}"))`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const id: string = recomputation.id;
      const read = await operator.request(ComplianceRecomputationDocument, { id });
      if (!read.complianceRecomputation) {
        bar.finish();
        throw new ApiError('NOT_FOUND', `recomputation ${id} is no longer known to the queue`);
      }
      recomputation = read.complianceRecomputation;
    }
    bar.update(recomputation.state === 'COMPLETED' ? 100 : recomputation.progressPct, recomputation.state.toLowerCase());
    bar.finish();
    if (recomputation.state === 'FAILED') throw new ApiError('JOB_FAILED', `recomputation ${recomputation.id} of ${recomputation.period} failed: ${recomputation.failure ?? 'no reason given'}`);

    const s = recomputation.summary;
    const seconds = recomputation.finishedAt ? ((Date.parse(recomputation.finishedAt) - Date.parse(recomputation.requestedAt)) / 1000).toFixed(1) : '?';
    return {
      lines: [
        `Recomputed ${s.period} under ${s.ruleVersion} for ${String(recomputation.producers ?? s.producers)} producer(s) in ${seconds} s.`,
        `  compliant: ${String(s.compliant)}, at risk: ${String(s.atRisk)}, non-compliant: ${String(s.nonCompliant)}`,
        `  fees: ${money(s.feeMinor, s.currency)} in all`,
      ],
      json: recomputation,
    };
  },
};
