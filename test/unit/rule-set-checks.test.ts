// A rule set is checked whole before a regulator may activate it (issue #17, item 5): the shipped versions pass, and
// each broken rule is named.
import { expect } from 'chai';
import { EPR_RULES, type EprRules } from '../../server/domain/epr.js';
import { RECYCLING_RULES } from '../../server/domain/recycling-rules.js';
import { eprRulesProblems, recyclingRulesProblems } from '../../server/domain/rule-set-checks.js';

describe('rule set checks', () => {
  it('passes the shipped fee scheme and recycling rules, each naming its sources', () => {
    expect(eprRulesProblems(EPR_RULES)).to.deep.equal([]);
    expect(recyclingRulesProblems(RECYCLING_RULES)).to.deep.equal([]);
    expect(EPR_RULES.sources.some((s) => s.includes('2025 base fees'))).to.equal(true);
    expect(RECYCLING_RULES.sources.length).to.be.greaterThan(0);
  });

  it('names every broken rule of a fee scheme at once', () => {
    const broken: EprRules = {
      ...EPR_RULES,
      version: ' bad version',
      sources: [],
      currency: 'gbp',
      baseFeeMinorPerTonne: { ...EPR_RULES.baseFeeMinorPerTonne, PLASTIC: -1, GLASS: 1.5 },
      redFactorPct: 90,
      targets: [{ fromYear: 2030, pct: { ...EPR_RULES.targets[0]?.pct ?? EPR_RULES.baseFeeMinorPerTonne, WOOD: 101 } }, { fromYear: 2025, pct: EPR_RULES.targets[0]?.pct ?? EPR_RULES.baseFeeMinorPerTonne }],
      atRiskMarginPct: -5,
      reuseTargets: { reusableParcelSharePct: [{ fromYear: 2030, pct: 140 }], unitsInService: [{ fromYear: 1999, units: 10 }] },
    };
    expect(eprRulesProblems(broken)).to.deep.equal([
      'version must be 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      'sources must name where the numbers come from (at least one)',
      'currency must be an ISO 4217 code, three capital letters (e.g. GBP)',
      'baseFeeMinorPerTonne.GLASS must be a whole number of minor units from 0 to 100000000',
      'baseFeeMinorPerTonne.PLASTIC must be a whole number of minor units from 0 to 100000000',
      'redFactorPct must be a whole percentage from 100 to 1000 (red packaging never pays less than base)',
      'targets must be in strictly ascending fromYear order (at 1)',
      'targets[0].pct.WOOD must be a whole percentage from 0 to 100',
      'atRiskMarginPct must be a whole percentage from 0 to 100',
      'reuseTargets.reusableParcelSharePct[0].pct must be a whole percentage from 0 to 100',
      'reuseTargets.unitsInService[0].fromYear must be a year from 2000 to 2100',
    ]);
  });

  it('names every broken rule of the recycling rules', () => {
    expect(recyclingRulesProblems({ ...RECYCLING_RULES, sources: [' '], presumedLostAfterDays: 0, minHoursBetweenRegions: 1.5, regionWindowDays: 400, maxItemsPerConsumerPerDay: 0 })).to.deep.equal([
      'sources[0] must be 1 to 300 characters',
      'presumedLostAfterDays must be a whole number of days from 1 to 3650',
      'minHoursBetweenRegions must be a whole number of hours from 0 to 720',
      'regionWindowDays must be a whole number of days from 1 to 365',
      'maxItemsPerConsumerPerDay must be a whole number from 1 to 100000',
    ]);
  });
});
