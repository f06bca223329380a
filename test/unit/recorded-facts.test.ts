// A fact's job may carry the fact as recorded; the copy comes back through JSON (Redis) and must revive to exactly
// the stored document, or to nothing, so the job reads the store instead.
import { expect } from 'chai';
import { Types } from 'mongoose';
import type { OrderEventDoc, PackagingChoiceDoc } from '../../server/db/models/order-facts.js';
import { recordedChoice, recordedOrderEvent } from '../../server/services/recorded-facts.js';

const throughRedis = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const choice: PackagingChoiceDoc = {
  _id: new Types.ObjectId(),
  platformId: new Types.ObjectId(),
  orderRef: 'order-1',
  consumerRef: 'consumer-1',
  quoteId: new Types.ObjectId(),
  option: { id: 'o2', packagingClass: 'GREEN', packagingTypeId: new Types.ObjectId(), packagingTypeRevision: 3, priceMinor: 120, depositMinor: 0, currency: 'CNY', credits: 5, emptySpaceRatio: 0.25, recommended: true },
  createdAt: new Date('2026-12-06T10:00:00.123Z'),
};
const event: OrderEventDoc = {
  _id: new Types.ObjectId(),
  platformId: choice.platformId,
  orderRef: 'order-1',
  type: 'DELIVERED',
  choiceId: choice._id,
  occurredAt: new Date('2026-12-07T09:00:00Z'),
  createdAt: new Date('2026-12-07T09:00:01Z'),
};

describe('facts carried by their jobs', () => {
  it('revives a choice and an order event to the documents that were recorded', () => {
    expect(recordedChoice(throughRedis(choice), choice._id.toHexString())).to.deep.equal(choice);
    expect(recordedOrderEvent(throughRedis(event), event._id.toHexString())).to.deep.equal(event);
    const ownBox = { ...choice, option: { ...choice.option, packagingClass: 'REDUCED', packagingTypeId: null, packagingTypeRevision: null } };
    expect(recordedChoice(throughRedis(ownBox), choice._id.toHexString())).to.deep.equal(ownBox);
    // With the carbon figures and campaign lines options carry now.
    const withExtras = { ...choice, option: { ...choice.option, co2eGrams: 86, co2eAvoidedGrams: 6, carbonVersion: 'GL-CARBON-2026.1', campaignCredits: [{ ref: 'd11', version: 2, name: 'Double 11', kind: 'MULTIPLIER' as const, credits: 5 }] } };
    expect(recordedChoice(throughRedis(withExtras), choice._id.toHexString())).to.deep.equal(withExtras);
  });

  it('gives nothing for a missing copy, a copy of another fact, or a copy that does not parse', () => {
    const id = choice._id.toHexString();
    expect(recordedChoice(undefined, id)).to.equal(null);
    expect(recordedChoice(throughRedis(choice), new Types.ObjectId().toHexString())).to.equal(null);
    const broken: Record<string, unknown>[] = [
      { ...(throughRedis(choice) as Record<string, unknown>), createdAt: 'yesterday' },
      { ...(throughRedis(choice) as Record<string, unknown>), platformId: 'not-an-id' },
      { ...(throughRedis(choice) as Record<string, unknown>), option: { ...choice.option, credits: '5' } },
      { ...(throughRedis(choice) as Record<string, unknown>), option: { ...choice.option, packagingTypeId: 'x' } },
      { ...(throughRedis(choice) as Record<string, unknown>), option: { ...choice.option, campaignCredits: [{ ref: 'd11', version: 1, name: 'D', kind: 'LOTTERY', credits: 5 }] } },
      { ...(throughRedis(choice) as Record<string, unknown>), option: { ...choice.option, co2eGrams: 'heavy' } },
    ];
    for (const copy of broken) expect(recordedChoice(copy, id), JSON.stringify(copy)).to.equal(null);
    expect(recordedOrderEvent({ ...(throughRedis(event) as Record<string, unknown>), type: 'SHIPPED' }, event._id.toHexString())).to.equal(null);
    expect(recordedOrderEvent({ ...(throughRedis(event) as Record<string, unknown>), choiceId: 42 }, event._id.toHexString())).to.equal(null);
  });
});
