// Campaigns against worked numbers: what each adds to a choice or a return while it runs, and the checks a campaign
// passes before it is stored.
import { expect } from 'chai';
import { campaignsExplained, choiceCampaignCredits, parseCampaign, returnCampaignCredits, type Campaign } from '../../server/domain/campaigns.js';

const at = (iso: string) => Date.parse(iso);
const campaign = (ref: string, kind: Campaign['kind'], changes: Partial<Campaign> = {}): Campaign => ({
  ref, version: 1, name: ref.toUpperCase(), kind,
  startsAtMs: at('2026-11-11T00:00:00Z'), endsAtMs: at('2026-11-12T00:00:00Z'),
  multiplierPct: kind === 'MULTIPLIER' ? 200 : null, bonusCredits: kind === 'MULTIPLIER' ? null : 7,
  classes: kind === 'MULTIPLIER' ? ['REDUCED', 'GREEN', 'REUSABLE'] : [],
  ...changes,
});
const DURING = at('2026-11-11T12:00:00Z');
const green = { packagingClass: 'GREEN' as const, ownPackaging: false };

describe('campaigns', () => {
  it('multiplies a choice\'s credits while it runs, rounding down, the highest multiplier only', () => {
    const double = campaign('double', 'MULTIPLIER');
    const half = campaign('half', 'MULTIPLIER', { multiplierPct: 150 });
    // 5 credits x 2 = 10: 5 more; x 1.5 would be 7.5 -> 7: the highest applies, they do not stack.
    expect(choiceCampaignCredits([half, double], green, 5, DURING, false)).to.deep.equal([{ ref: 'double', version: 1, name: 'DOUBLE', kind: 'MULTIPLIER', credits: 5 }]);
    expect(choiceCampaignCredits([half], green, 5, DURING, false).map((c) => c.credits)).to.deep.equal([2]);
    // Outside its window, or for a class it does not name, nothing; nothing to multiply, no line.
    expect(choiceCampaignCredits([double], green, 5, at('2026-11-12T00:00:00Z'), false)).to.deep.equal([]);
    expect(choiceCampaignCredits([double], { packagingClass: 'STANDARD', ownPackaging: false }, 5, DURING, false)).to.deep.equal([]);
    expect(choiceCampaignCredits([double], green, 0, DURING, false)).to.deep.equal([]);
  });

  it('adds a first-green-choice bonus to a green choice of a consumer who may be making their first, never to another', () => {
    const first = campaign('first', 'FIRST_GREEN_CHOICE_BONUS');
    expect(choiceCampaignCredits([first], green, 5, DURING, true).map((c) => [c.ref, c.credits])).to.deep.equal([['first', 7]]);
    expect(choiceCampaignCredits([first], { packagingClass: 'REDUCED', ownPackaging: true }, 12, DURING, true).map((c) => c.credits), 'own packaging is green').to.deep.equal([7]);
    expect(choiceCampaignCredits([first], green, 5, DURING, false)).to.deep.equal([]);
    expect(choiceCampaignCredits([first], { packagingClass: 'STANDARD', ownPackaging: false }, 0, DURING, true)).to.deep.equal([]);
  });

  it('adds each running return bonus to a return, and names every campaign on the entry', () => {
    const week = campaign('return-week', 'RETURN_BONUS', { bonusCredits: 3, endsAtMs: at('2026-11-18T00:00:00Z') });
    expect(returnCampaignCredits([week, campaign('double', 'MULTIPLIER')], at('2026-11-17T23:59:59Z')).map((c) => c.credits)).to.deep.equal([3]);
    expect(returnCampaignCredits([week], at('2026-11-10T23:59:59Z'))).to.deep.equal([]);
    expect(campaignsExplained(returnCampaignCredits([{ ...week, version: 2 }], DURING))).to.equal('; campaign RETURN-WEEK (return-week v2) +3');
  });

  it('checks a campaign whole: its kind\'s figures, a window of at most 366 days, and nothing of another kind', () => {
    const base = { campaignRef: 'd11', name: ' Double 11 ', startsAt: new Date('2026-11-11T00:00:00Z'), endsAt: new Date('2026-11-12T00:00:00Z') };
    expect(parseCampaign({ ...base, kind: 'MULTIPLIER', multiplierPct: 200 }).campaign).to.deep.include({ name: 'Double 11', classes: ['REDUCED', 'GREEN', 'REUSABLE'], bonusCredits: null });
    expect(parseCampaign({ ...base, kind: 'MULTIPLIER', multiplierPct: 300, classes: ['REUSABLE', 'STANDARD'] }).campaign?.classes).to.deep.equal(['STANDARD', 'REUSABLE']);
    const fields = (input: Parameters<typeof parseCampaign>[0]) => parseCampaign(input).errors.map((e) => e.field?.join('.'));
    expect(fields({ ...base, kind: 'MULTIPLIER', multiplierPct: 100, bonusCredits: 5, classes: ['NON_COMPLIANT'] })).to.deep.equal(['input.multiplierPct', 'input.bonusCredits', 'input.classes']);
    expect(fields({ ...base, kind: 'RETURN_BONUS', multiplierPct: 150, classes: ['GREEN'] })).to.deep.equal(['input.bonusCredits', 'input.multiplierPct', 'input.classes']);
    expect(fields({ ...base, campaignRef: 'a b', name: '', kind: 'LOTTERY', endsAt: base.startsAt })).to.deep.equal(['input.campaignRef', 'input.name', 'input.kind', 'input.endsAt']);
    expect(fields({ ...base, kind: 'RETURN_BONUS', bonusCredits: 1, endsAt: new Date('2027-11-13T00:00:00Z') })).to.deep.equal(['input.endsAt']);
  });
});
