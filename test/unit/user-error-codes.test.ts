// The userError codes as the schema lists them (issue #19, item 4 in part): exactly the codes the services use, each
// with a meaning, so a client can generate an enum and branch on every one.
import { expect } from 'chai';
import { buildSchema, isEnumType } from 'graphql';
import { renderSchema } from '../../scripts/schema-artifact.js';
import { USER_ERROR_CODES } from '../../server/domain/user-error.js';

describe('userError codes in the schema', () => {
  it('lists exactly the codes the services return, each described', () => {
    const type = buildSchema(renderSchema()).getType('UserErrorCode');
    if (!isEnumType(type)) throw new Error('UserErrorCode is not an enum in the schema');
    expect(type.getValues().map((v) => v.name)).to.deep.equal([...USER_ERROR_CODES]);
    for (const value of type.getValues()) expect(value.description, value.name).to.be.a('string').and.have.length.above(10);
    expect(USER_ERROR_CODES).to.include.members(['UNKNOWN_ORDER', 'ORDER_CLOSED', 'API_KEY_REVOKED']);
  });
});
