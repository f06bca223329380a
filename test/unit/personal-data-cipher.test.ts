import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { UnreadableSealError, createPersonalDataCipher, keyIdOf, type SealedText } from '../../server/services/personal-data-cipher.js';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 9);
const ADDRESS = 'zoe.liang@example.com';
const CONTEXT = 'consumer_contacts:64656d6f0000000000000001:zoe';

/** Flips one bit of a base64 field. */
function flip(value: string): string {
  const bytes = Buffer.from(value, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return bytes.toString('base64');
}

describe('personal data cipher (AES-256-GCM)', () => {
  it('opens what it sealed, with the key id and no trace of the clear text', () => {
    const cipher = createPersonalDataCipher({ current: key, old: [] });
    const sealed = cipher.seal(ADDRESS, CONTEXT);
    expect(sealed.kid).to.equal(keyIdOf(key)).and.match(/^[0-9a-f]{16}$/);
    expect(Buffer.from(sealed.iv, 'base64')).to.have.length(12);
    expect(Buffer.from(sealed.tag, 'base64')).to.have.length(16);
    expect(JSON.stringify(sealed)).not.to.contain('zoe').and.not.contain('example');
    expect(cipher.open(sealed, CONTEXT)).to.equal(ADDRESS);
  });

  it('uses a fresh nonce every time: the same address seals differently', () => {
    const cipher = createPersonalDataCipher({ current: key, old: [] });
    const a = cipher.seal(ADDRESS, CONTEXT);
    const b = cipher.seal(ADDRESS, CONTEXT);
    expect(a.iv).not.to.equal(b.iv);
    expect(a.ct).not.to.equal(b.ct);
  });

  for (const part of ['ct', 'iv', 'tag'] as const) {
    it(`refuses a value whose ${part} was altered`, () => {
      const cipher = createPersonalDataCipher({ current: key, old: [] });
      const sealed = cipher.seal(ADDRESS, CONTEXT);
      const tampered: SealedText = { ...sealed, [part]: flip(sealed[part]) };
      expect(() => cipher.open(tampered, CONTEXT)).to.throw(UnreadableSealError);
    });
  }

  it('refuses a value moved to another record (the context is authenticated)', () => {
    const cipher = createPersonalDataCipher({ current: key, old: [] });
    const sealed = cipher.seal(ADDRESS, CONTEXT);
    expect(() => cipher.open(sealed, 'consumer_contacts:64656d6f0000000000000001:ann')).to.throw(UnreadableSealError, /authentication failed/);
  });

  it('refuses a value sealed under a key it does not hold, and one relabelled with its own key id', () => {
    const sealedElsewhere = createPersonalDataCipher({ current: otherKey, old: [] }).seal(ADDRESS, CONTEXT);
    const cipher = createPersonalDataCipher({ current: key, old: [] });
    expect(() => cipher.open(sealedElsewhere, CONTEXT)).to.throw(UnreadableSealError, /no such key/);
    expect(() => cipher.open({ ...sealedElsewhere, kid: cipher.currentKeyId }, CONTEXT)).to.throw(UnreadableSealError, /authentication failed/);
  });

  it('reads values sealed under a retired key and seals new ones under the current key', () => {
    const before = createPersonalDataCipher({ current: otherKey, old: [] });
    const sealedBefore = before.seal(ADDRESS, CONTEXT);
    const after = createPersonalDataCipher({ current: key, old: [otherKey] });
    expect(after.open(sealedBefore, CONTEXT)).to.equal(ADDRESS);
    expect(after.seal(ADDRESS, CONTEXT).kid).to.equal(keyIdOf(key));
    expect(() => before.open(after.seal(ADDRESS, CONTEXT), CONTEXT), 'the old set does not know the new key').to.throw(UnreadableSealError);
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createPersonalDataCipher({ current: randomBytes(16), old: [] })).to.throw(/32 bytes/);
    expect(() => createPersonalDataCipher({ current: key, old: [randomBytes(31)] })).to.throw(/32 bytes/);
  });

  it('names keys by a fingerprint that differs per key and does not contain the key', () => {
    expect(keyIdOf(key)).not.to.equal(keyIdOf(otherKey));
    expect(key.toString('hex')).not.to.contain(keyIdOf(key));
  });
});
