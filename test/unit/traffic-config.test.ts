import { expect } from 'chai';
import { ConfigError, DEFAULT_MAX_REQUESTS_IN_FLIGHT, DEFAULT_MAX_REQUESTS_QUEUED, DEFAULT_RATE_LIMIT_PER_MINUTE, loadConfig } from '../../server/config.js';

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

describe('configuration: CORS, rate limit and timeouts', () => {
  it('closes CORS, limits each key to the default rate and sets the timeouts when nothing is given', () => {
    const config = loadConfig(valid);
    expect(config.corsOrigins).to.deep.equal([]);
    expect(config).to.include({ rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE, maxRequestsInFlight: DEFAULT_MAX_REQUESTS_IN_FLIGHT, maxRequestsQueued: DEFAULT_MAX_REQUESTS_QUEUED, trustProxyHops: 0, storeQueryTimeoutMs: 30_000, redisCommandTimeoutMs: 5000, httpKeepAliveTimeoutMs: 65_000 });
  });

  it('reads HTTP_KEEP_ALIVE_TIMEOUT_MS, up to an hour', () => {
    expect(loadConfig({ ...valid, HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000' }).httpKeepAliveTimeoutMs).to.equal(120_000);
    expect(loadConfig({ ...valid, HTTP_KEEP_ALIVE_TIMEOUT_MS: '3600000' }).httpKeepAliveTimeoutMs).to.equal(3_600_000);
    expect(problemsOf({ ...valid, HTTP_KEEP_ALIVE_TIMEOUT_MS: '3600001' })).to.deep.equal(['HTTP_KEEP_ALIVE_TIMEOUT_MS must be at most 3600000 (an hour; got "3600001")']);
  });

  it('reads CORS_ORIGINS as a comma-separated list of exact origins', () => {
    const config = loadConfig({ ...valid, CORS_ORIGINS: ' https://shop.example.com , http://localhost:3000' });
    expect(config.corsOrigins).to.deep.equal(['https://shop.example.com', 'http://localhost:3000']);
  });

  for (const bad of ['*', 'shop.example.com', 'https://shop.example.com/', 'https://shop.example.com/checkout', 'ftp://files.example.com', 'https://*.example.com']) {
    it(`rejects "${bad}" in CORS_ORIGINS with a message naming the variable and the value`, () => {
      const problems = problemsOf({ ...valid, CORS_ORIGINS: `https://ok.example.com,${bad}` });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^CORS_ORIGINS must list exact origins/);
      expect(problems[0]).to.include(`"${bad}"`);
    });
  }

  it('reads the in-flight bound, and turns it off with MAX_REQUESTS_IN_FLIGHT=0', () => {
    expect(loadConfig({ ...valid, MAX_REQUESTS_IN_FLIGHT: '64', MAX_REQUESTS_QUEUED: '0' })).to.include({ maxRequestsInFlight: 64, maxRequestsQueued: 0 });
    expect(loadConfig({ ...valid, MAX_REQUESTS_IN_FLIGHT: '0' }).maxRequestsInFlight).to.equal(0);
  });

  it('turns rate limiting off with RATE_LIMIT_PER_MINUTE=0', () => {
    expect(loadConfig({ ...valid, RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).to.equal(0);
  });

  for (const [name, bad] of [['RATE_LIMIT_PER_MINUTE', '-1'], ['RATE_LIMIT_PER_MINUTE', 'lots'], ['STORE_QUERY_TIMEOUT_MS', '0'], ['REDIS_COMMAND_TIMEOUT_MS', '1.5'], ['TRUST_PROXY_HOPS', 'yes'], ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '0'], ['MAX_REQUESTS_IN_FLIGHT', '-4'], ['MAX_REQUESTS_QUEUED', 'many']] as const) {
    it(`rejects ${name}="${bad}" naming the variable`, () => {
      const problems = problemsOf({ ...valid, [name]: bad });
      expect(problems).to.deep.equal([`${name} must be a whole number of at least ${['RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY_HOPS', 'MAX_REQUESTS_IN_FLIGHT', 'MAX_REQUESTS_QUEUED'].includes(name) ? 0 : 1} (got "${bad}")`]);
    });
  }
});
