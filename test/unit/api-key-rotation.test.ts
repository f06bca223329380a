import { expect } from 'chai';
import { MAX_ROTATION_OVERLAP_SECONDS, isAtOrBefore, isKeyActive, parseRotation } from '../../server/domain/api-key.js';

const KEY = '0123456789abcdef';

describe('API key rotation rules', () => {
  it('keeps a key working until its revocation time, and forever without one (keys stored before rotation existed)', () => {
    const at = Date.UTC(2026, 0, 1);
    expect(isKeyActive({}, at)).to.equal(true);
    expect(isKeyActive({ revokedAt: null }, at)).to.equal(true);
    expect(isKeyActive({ revokedAt: new Date(at + 1) }, at), 'in its overlap').to.equal(true);
    expect(isKeyActive({ revokedAt: new Date(at) }, at), 'revoked this instant').to.equal(false);
    expect(isKeyActive({ revokedAt: new Date(at - 1) }, at)).to.equal(false);
  });

  it('lets a revocation time only move earlier', () => {
    const wanted = new Date(Date.UTC(2026, 0, 1, 12));
    expect(isAtOrBefore(null, wanted)).to.equal(false);
    expect(isAtOrBefore(undefined, wanted)).to.equal(false);
    expect(isAtOrBefore(new Date(wanted.getTime() + 1000), wanted), 'a later end must be brought forward').to.equal(false);
    expect(isAtOrBefore(wanted, wanted)).to.equal(true);
    expect(isAtOrBefore(new Date(wanted.getTime() - 1000), wanted), 'an earlier end stays').to.equal(true);
  });

  it('rotates the calling key by default, immediately', () => {
    expect(parseRotation({}, KEY)).to.deep.equal({ rotation: { keyId: KEY, overlapSeconds: 0 }, errors: [] });
    expect(parseRotation({ keyId: 'fedcba9876543210', overlapSeconds: 600 }, KEY).rotation).to.deep.equal({ keyId: 'fedcba9876543210', overlapSeconds: 600 });
  });

  it('caps the overlap at a day and refuses negative or fractional ones', () => {
    expect(parseRotation({ overlapSeconds: MAX_ROTATION_OVERLAP_SECONDS }, KEY).errors).to.deep.equal([]);
    for (const overlapSeconds of [-1, MAX_ROTATION_OVERLAP_SECONDS + 1, 1.5]) {
      expect(parseRotation({ overlapSeconds }, KEY).errors.map((e) => [e.code, e.field?.join('.')]), String(overlapSeconds))
        .to.deep.equal([['VALIDATION', 'input.overlapSeconds']]);
    }
  });

  it('makes the operator name the key, and answers a malformed id as an unknown key', () => {
    expect(parseRotation({}, null).errors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.keyId']]);
    expect(parseRotation({ keyId: 'glk_0123' }, null).errors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['NOT_FOUND', 'input.keyId']]);
  });
});
