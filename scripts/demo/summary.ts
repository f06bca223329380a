import { money, type DemoState, type StepId, type StepOutcome } from './steps.js';

type Figures = StepOutcome['figures'];

/** The run's numbers in a few lines, from what the steps reported (nothing is read again). */
export function demoSummary(state: DemoState, figures: Partial<Record<StepId, Figures>>): string[] {
  const n = (id: StepId, key: string): number => {
    const value = figures[id]?.[key];
    return typeof value === 'number' ? value : 0;
  };
  const text = (id: StepId, key: string): string => String(figures[id]?.[key] ?? '?');
  const packaging = state.packaging;
  const producer = state.organizations?.producer.name ?? 'the producer';
  const currency = state.secondOrder?.currency ?? 'CNY';
  return [
    `Summary for ${state.period} (a throwaway database; nothing under .data/ was touched):`,
    `  Packaging: ${packaging ? `${packaging.green.name} ${packaging.green.packagingClass}, ${packaging.plain.name} ${packaging.plain.packagingClass}, ${packaging.crate.name} ${packaging.crate.packagingClass}` : '?'} (standard ${text('packaging', 'standardVersion')})`,
    `  Consumer ${state.consumerRef ?? '?'}: ${String(n('return', 'available'))} credits available (${String(n('checkout', 'greenCredits'))} for the green box, ${String(n('return', 'returnCredits'))} for bringing the crate back); ${money(n('return', 'refundMinor'), currency)} deposit owed back`,
    `  Reusable unit ${state.serial ?? '?'}: ${text('return', 'status')} after ${String(n('return', 'cycles'))} trip(s)`,
    `  ${producer}: ${text('compliance', 'status')}, EPR fee ${money(n('compliance', 'feeMinor'), text('compliance', 'currency'))} for the month`,
    `  Impact: ${String(n('impact', 'parcels'))} parcels, ${String(n('impact', 'cartonsReused'))} carton(s) not made, ${String(n('impact', 'co2eAvoidedGrams'))} g CO2e avoided, ${String(n('impact', 'creditsIssued'))} credits issued`,
  ];
}
