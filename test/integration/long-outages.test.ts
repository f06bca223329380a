// Jobs that cover all history since their last finished run (issue #16, item 4): an expiry or unit-loss job that
// did not run for two months (a Redis loss, a failing worker) catches up on everything it missed, where a fixed
// 30-day look-back left lots unexpired and units never presumed lost, silently.
import { expect } from 'chai';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../support/harness.js';
import { reusableCrate } from '../support/packaging-fixtures.js';
import { pinnedClock } from '../support/test-clock.js';

const DAY = 86_400_000;
const ownBox = { lengthMm: 200, widthMm: 150, heightMm: 100, weightGrams: 800, shipsInOwnPackaging: true };
const crateParcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightGrams: 900, shipsInOwnPackaging: false };

describe('periodic jobs after a long outage', () => {
  let harness: Harness;
  const clock = pinnedClock('2027-01-10T09:00:00Z');
  const platformId = new Types.ObjectId();
  before(async () => { harness = await startHarness('long_outages', { smtpUrl: null }, { clock: clock.now }); });
  after(() => harness.dispose());

  async function choose(consumerRef: string, orderRef: string, parcel: typeof ownBox, packagingClass?: string): Promise<string> {
    const quote = await harness.services.checkout.quote(platformId, parcel, consumerRef);
    if (!quote.ok) throw new Error('quote refused');
    const option = packagingClass ? quote.value.options.find((o) => o.packagingClass === packagingClass) : quote.value.options[0];
    const choice = await harness.services.checkout.choosePackaging(platformId, { quoteId: quote.value._id.toHexString(), optionId: option?.id ?? '', orderRef });
    if (!choice.ok) throw new Error('choice refused');
    return choice.value._id.toHexString();
  }
  async function deliver(orderRef: string, occurredAt: Date): Promise<void> {
    const outcome = await harness.services.checkout.recordOrderEvent(platformId, { orderRef, type: 'DELIVERED', occurredAt });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const event = await harness.store.models.OrderEvent.findOne({ platformId, orderRef, type: 'DELIVERED' }).lean();
    await harness.services.credits.applyOrderEvent(event?._id.toHexString() ?? '');
  }
  const available = async (consumerRef: string) => (await harness.services.credits.account(platformId, consumerRef)).state.available;

  it('expires lots that came due during two months without an expiry run, and a lot posted already due', async () => {
    await harness.services.credits.creditChoice(await choose('ann', 'ann-1', ownBox));
    await deliver('ann-1', clock.now());
    const lateChoice = await choose('ben', 'ben-1', ownBox);
    await harness.services.credits.creditChoice(lateChoice);
    const chosenAt = clock.now();
    expect(await available('ann')).to.equal(10);
    expect(await harness.services.credits.expireDueSinceLastRun(clock.nowMs()), 'nothing due yet').to.equal(0);

    // Twelve months on the lot is due; the job then does not run for two more months.
    clock.advance(365 * DAY + 60 * DAY);
    expect(await harness.services.credits.expireDueSinceLastRun(clock.nowMs())).to.equal(1);
    expect(await available('ann')).to.equal(0);

    // A delivery reported fourteen months late posts a lot that is due already: the next run expires it.
    await deliver('ben-1', new Date(chosenAt.getTime() + 60_000));
    expect(await available('ben')).to.equal(10);
    expect(await harness.services.credits.expireDueSinceLastRun(clock.nowMs())).to.equal(1);
    expect(await available('ben')).to.equal(0);
    expect(await harness.services.credits.expireDueSinceLastRun(clock.nowMs()), 'nothing twice').to.equal(0);
  });

  it('presumes lost a unit whose 90 days ran out during two months without a unit-loss run', async () => {
    const producerId = new Types.ObjectId();
    const crate = await harness.services.catalog.registerPackagingType(producerId, reusableCrate('CRATE-OUT'));
    if (!crate.ok) throw new Error('crate refused');
    expect((await harness.services.units.issue(producerId, { packagingTypeId: crate.value._id.toHexString(), serials: ['GONE-0001'] })).ok).to.equal(true);
    await choose('cal', 'cal-1', crateParcel, 'REUSABLE');
    expect((await harness.services.units.ship(platformId, { orderRef: 'cal-1', serial: 'GONE-0001' })).ok).to.equal(true);
    expect(await harness.services.units.presumeLost(clock.nowMs())).to.equal(0);
    clock.advance(90 * DAY + 60 * DAY);
    expect(await harness.services.units.presumeLost(clock.nowMs())).to.equal(1);
    expect((await harness.services.units.unit({ producerId: null }, 'GONE-0001'))?.state.status).to.equal('LOST');
    expect(await harness.services.units.presumeLost(clock.nowMs()), 'nothing twice').to.equal(0);
  });
});
