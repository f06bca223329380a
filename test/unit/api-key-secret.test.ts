import { expect } from 'chai';
import { clearTextMatcher, generateApiKey, hashSecret, parseApiKey, secretMatches } from '../../server/services/api-key-secret.js';

describe('API key secrets', () => {
  it('generates keys whose secret matches the stored hash and never appears in it', () => {
    const generated = generateApiKey();
    const parsed = parseApiKey(generated.key);
    expect(parsed?.id).to.equal(generated.id);
    expect(secretMatches(parsed?.secret ?? '', generated.secretHash)).to.equal(true);
    expect(generated.secretHash).not.to.contain(parsed?.secret);
  });

  it('does not match another secret', () => {
    const a = generateApiKey();
    const b = parseApiKey(generateApiKey().key);
    expect(secretMatches(b?.secret ?? '', a.secretHash)).to.equal(false);
  });

  it('refuses malformed keys', () => {
    for (const key of ['', 'glk_', 'Bearer x', `glk_${'0'.repeat(16)}_short`, `glk_XYZ_${'a'.repeat(43)}`]) {
      expect(parseApiKey(key), key).to.equal(null);
    }
  });

  it('hashes deterministically and matches a clear string only when equal', () => {
    expect(hashSecret('s')).to.equal(hashSecret('s'));
    const isAbc = clearTextMatcher('abc');
    expect(isAbc('abc')).to.equal(true);
    expect(isAbc('abd')).to.equal(false);
    expect(isAbc('abcd')).to.equal(false);
    expect(isAbc('')).to.equal(false);
    expect(clearTextMatcher('')('')).to.equal(true);
  });
});
