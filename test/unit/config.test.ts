import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config.js';

const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/greenloop?retryWrites=false',
  ADMIN_API_KEY: 'an-operator-key-that-is-long-enough',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('applies the documented defaults when only the required variables are set', () => {
    const config = loadConfig(valid);
    expect(config).to.include({ host: '127.0.0.1', port: 4000, role: 'all', redisUrl: 'redis://127.0.0.1:6379', smtpUrl: null });
    expect(config.production).to.equal(false);
  });

  for (const bad of ['localhost:27017/greenloop', 'mongodb://', 'mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/', 'http://127.0.0.1/db', 'mongodb://h/bad.name']) {
    it(`rejects the malformed MONGODB_URI "${bad}" with a message naming MONGODB_URI`, () => {
      const problems = problemsOf({ ...valid, MONGODB_URI: bad });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^MONGODB_URI /);
    });
  }

  it('accepts mongodb+srv URIs with credentials and options', () => {
    expect(problemsOf({ ...valid, MONGODB_URI: 'mongodb+srv://user:pw@cluster0.example.net/greenloop?w=majority' })).to.deep.equal([]);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ ROLE: 'cron', PORT: '99999', REDIS_URL: 'http://x', SMTP_URL: 'nope', ADMIN_API_KEY: 'short' });
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).to.have.members(['ROLE', 'PORT', 'MONGODB_URI', 'REDIS_URL', 'SMTP_URL', 'ADMIN_API_KEY']);
  });

  it('refuses a queue prefix without a hash tag, a malformed sender and a malformed host', () => {
    const problems = problemsOf({ ...valid, QUEUE_PREFIX: 'greenloop', MAIL_FROM: 'not an address', HOST: 'local host' });
    expect(problems.map((p) => p.split(' ')[0])).to.have.members(['QUEUE_PREFIX', 'MAIL_FROM', 'HOST']);
    expect(problemsOf({ ...valid, QUEUE_PREFIX: 'gl:{eu-1}', MAIL_FROM: 'ops@example.com', HOST: '::1' })).to.deep.equal([]);
  });

  it('reads the role, port and production flag', () => {
    const config = loadConfig({ ...valid, ROLE: 'worker', PORT: '8080', NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', CONTACT_ENCRYPTION_KEY: 'a'.repeat(64) });
    expect(config).to.include({ role: 'worker', port: 8080, production: true, smtpUrl: 'smtp://mail:25' });
  });
});
