// The plain caster (server/db/plain-cast.ts) stands in for `new Model(doc)`, `validate()` and `toBSON()` in group
// inserts. Here every model it compiles for is checked against Mongoose itself: for documents with every path set,
// with only the required ones (defaults applied), with nulls and with a key the schema does not know, both give the
// same BSON bytes; and what Mongoose would cast, reshape or refuse is left to Mongoose.
import { expect } from 'chai';
import mongoose, { Types, type Model } from 'mongoose';
import { createModels } from '../../server/db/models/index.js';
import { compilePlainCaster, type PlainCaster } from '../../server/db/plain-cast.js';

const connection = mongoose.createConnection();
const models = createModels(connection) as unknown as Record<string, Model<unknown>>;

function modelNamed(name: string): Model<unknown> {
  const model = models[name];
  if (!model) throw new Error(`no model ${name}`);
  return model;
}

function casterOf(name: string): PlainCaster {
  const cast = compilePlainCaster(modelNamed(name).schema);
  if (!cast) throw new Error(`no plain caster for ${name}`);
  return cast;
}
const { BSON } = mongoose.mongo;

const AT = new Date(1_800_000_000_000);
const ID = new Types.ObjectId('64b000000000000000000001');
const MIXED = { lots: [{ seq: 1, remaining: 5, expiresAtMs: 1_800_000_000_000 }], nested: { none: null, list: [], inList: [{}], at: AT, id: ID }, share: 1.5, on: false };

interface PathInfo { readonly instance: string; readonly isRequired?: boolean; readonly enumValues?: readonly string[] }
const pathsOf = (model: Model<unknown>) => Object.entries(model.schema.paths as Record<string, unknown>) as [string, PathInfo][];

function valueFor(name: string, path: PathInfo): unknown {
  switch (path.instance) {
    case 'String': return path.enumValues?.[0] ?? `text of ${name}`;
    case 'Number': return 42;
    case 'Boolean': return true;
    case 'Date': return AT;
    case 'ObjectId': return ID;
    default: return MIXED;
  }
}

/** The bytes Mongoose's own path would insert. */
const mongooseBytes = (model: Model<unknown>, doc: Record<string, unknown>) => BSON.serialize(new model(doc).toBSON());

/** The models the hot paths insert in groups (services that call groupInsert): each must have a plain caster. */
const GROUP_INSERTED = ['CreditEntry', 'CreditKey', 'CreditHeadHint', 'IdempotencyKey', 'PackagingChoice', 'OrderKey', 'OrderEvent', 'OrderEventKey', 'FactReceipt', 'TallyKey', 'TallySlot', 'OrderShipment', 'UnitEvent'];

describe('the plain caster of group inserts (server/db/plain-cast.ts)', () => {
  it('compiles for every model the hot paths insert in groups', () => {
    for (const name of GROUP_INSERTED) expect(compilePlainCaster(modelNamed(name).schema), name).to.be.a('function');
  });

  it('gives the bytes Mongoose gives, for every model it compiles for', () => {
    let compared = 0;
    for (const [name, model] of Object.entries(models)) {
      const cast = compilePlainCaster(model.schema);
      if (!cast) continue;
      const paths = pathsOf(model);
      const full = Object.fromEntries(paths.map(([path, info]) => [path, valueFor(path, info)]));
      const requiredOnly = Object.fromEntries(paths.filter(([path, info]) => path === '_id' || info.isRequired).map(([path, info]) => [path, valueFor(path, info)]));
      const nulls = { ...requiredOnly, ...Object.fromEntries(paths.filter(([path, info]) => path !== '_id' && !info.isRequired).map(([path]) => [path, null])) };
      const unknownKey = { ...full, notInTheSchema: 'dropped by both' };
      for (const [variant, doc] of Object.entries({ full, requiredOnly, nulls, unknownKey })) {
        const plain = cast(doc);
        if (!plain) expect.fail(`${name}, ${variant}: no plain copy`);
        expect(Buffer.from(BSON.serialize(plain)).equals(Buffer.from(mongooseBytes(model, doc))), `${name}, ${variant}`).to.equal(true);
        compared += 1;
      }
    }
    expect(compared).to.be.greaterThan(4 * GROUP_INSERTED.length);
  });

  it('leaves to Mongoose what it would cast, reshape or refuse', () => {
    const model = modelNamed('CreditEntry');
    const cast = casterOf('CreditEntry');
    const entry = Object.fromEntries(pathsOf(model).map(([path, info]) => [path, valueFor(path, info)]));
    expect(cast(entry)).to.not.equal(null);
    const leftToMongoose = {
      'a number as text (Mongoose casts it)': { ...entry, amount: '42' },
      'an id as text (Mongoose casts it)': { ...entry, platformId: ID.toHexString() },
      'a date as a number (Mongoose casts it)': { ...entry, createdAt: AT.getTime() },
      'an invalid date': { ...entry, createdAt: new Date(Number.NaN) },
      'NaN': { ...entry, amount: Number.NaN },
      'a required path missing (Mongoose refuses it)': { ...entry, account: undefined },
      'a required path null': { ...entry, seq: null },
      'a required string empty (Mongoose refuses it)': { ...entry, reason: '' },
      'an undefined member in a mixed value (Mongoose drops it)': { ...entry, lots: [{ seq: 1, remaining: undefined }] },
      'an empty object in a mixed value (Mongoose drops it)': { ...entry, recentEarnings: { day: {} } },
      'an empty mixed object': { ...entry, holds: {} },
      'a class instance in a mixed value': { ...entry, lots: [new Map()] },
    };
    for (const [what, doc] of Object.entries(leftToMongoose)) expect(cast(doc), what).to.equal(null);
    const event = casterOf('OrderEvent');
    const delivered = { _id: ID, platformId: ID, orderRef: 'o-1', type: 'DELIVERED', choiceId: ID, occurredAt: AT, createdAt: AT };
    expect(event(delivered)).to.not.equal(null);
    expect(event({ ...delivered, type: 'LOST' }), 'a value outside the enum (Mongoose refuses it)').to.equal(null);
  });
});
