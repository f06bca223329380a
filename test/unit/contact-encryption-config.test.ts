import { expect } from 'chai';
import { ConfigError, DEVELOPMENT_CONTACT_KEY, loadConfig, parseEncryptionKey } from '../../server/config.js';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/greenloop', ADMIN_API_KEY: 'an-operator-key-that-is-long-enough' };
const KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration: the contact encryption key', () => {
  it('reads 32 bytes as hex, base64 or base64url', () => {
    for (const written of [KEY.toString('hex'), KEY.toString('hex').toUpperCase(), KEY.toString('base64'), KEY.toString('base64url')]) {
      expect(parseEncryptionKey(written)?.equals(KEY), written).to.equal(true);
    }
    for (const bad of ['', 'abc', KEY.subarray(0, 31).toString('hex'), KEY.subarray(0, 31).toString('base64'), `${KEY.toString('hex')}00`, 'z'.repeat(64)]) {
      expect(parseEncryptionKey(bad), bad).to.equal(null);
    }
  });

  it('uses the key given, and the retired keys listed', () => {
    const other = Buffer.alloc(32, 5);
    const config = loadConfig({ ...valid, CONTACT_ENCRYPTION_KEY: KEY.toString('base64'), CONTACT_ENCRYPTION_OLD_KEYS: ` ${other.toString('hex')} ,` });
    expect(config.contactEncryption.current.equals(KEY)).to.equal(true);
    expect(config.contactEncryption.old.map((k) => k.toString('hex'))).to.deep.equal([other.toString('hex')]);
    expect(config.contactEncryption.developmentDefault).to.equal(false);
  });

  it('falls back to the development key outside production, and says so', () => {
    const config = loadConfig(valid);
    expect(config.contactEncryption.current.equals(DEVELOPMENT_CONTACT_KEY)).to.equal(true);
    expect(config.contactEncryption.developmentDefault).to.equal(true);
  });

  it('requires a key of its own in production, and refuses the development key there', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).to.have.length(1).and.satisfy((p: string[]) => p[0]?.startsWith('CONTACT_ENCRYPTION_KEY is required in production'));
    expect(problemsOf({ ...valid, NODE_ENV: 'production', CONTACT_ENCRYPTION_KEY: DEVELOPMENT_CONTACT_KEY.toString('hex') })).to.deep.equal(['CONTACT_ENCRYPTION_KEY must not be the built-in development key in production']);
    expect(problemsOf({ ...valid, NODE_ENV: 'production', CONTACT_ENCRYPTION_KEY: KEY.toString('hex') })).to.deep.equal([]);
  });

  it('names the variable when a key is malformed, and never echoes the value', () => {
    const secretish = 'my-secret-passphrase';
    const problems = problemsOf({ ...valid, CONTACT_ENCRYPTION_KEY: secretish, CONTACT_ENCRYPTION_OLD_KEYS: `${KEY.toString('hex')},nope` });
    expect(problems.map((p) => p.split(' ')[0])).to.deep.equal(['CONTACT_ENCRYPTION_KEY', 'CONTACT_ENCRYPTION_OLD_KEYS:']);
    expect(problems[1]).to.contain('key 2');
    expect(problems.join('\n')).not.to.contain(secretish);
  });
});
