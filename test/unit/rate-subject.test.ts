import { expect } from 'chai';
import { Types } from 'mongoose';
import { clientNetwork, rateSubject } from '../../server/http/rate-limit.js';
import type { Principal } from '../../server/services/identity.js';

describe('whom a request counts against (rate limit)', () => {
  const organizationId = new Types.ObjectId();
  const principal = (requestsPerMinute?: number | null) => ({
    kind: 'ORGANIZATION',
    keyId: '0123456789abcdef',
    organization: { _id: organizationId, name: 'Shop', kind: 'PLATFORM', ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }) },
  }) as unknown as Principal;
  const key = `glk_0123456789abcdef_${'s'.repeat(43)}`;

  it('counts every key of an organization together, at the organization’s own limit or the default, never by its secret', () => {
    const subject = rateSubject(key, principal(), '203.0.113.9');
    expect(subject).to.deep.equal({ subject: `org:${organizationId.toHexString()}`, perMinute: null, scope: 'organization' });
    expect(rateSubject(key, principal(null), '203.0.113.9').perMinute).to.equal(null);
    expect(rateSubject(key, principal(120_000), '203.0.113.9')).to.deep.equal({ subject: `org:${organizationId.toHexString()}`, perMinute: 120_000, scope: 'organization' });
    expect(JSON.stringify(subject)).not.to.include('sss');
  });

  it('counts a valid key of another shape (the operator key) by a hash of it, at the default', () => {
    const admin = 'the-operator-key-0123456789';
    const { subject, perMinute, scope } = rateSubject(admin, { kind: 'ADMIN' }, '203.0.113.9');
    expect(subject).to.match(/^key:[0-9a-f]{32}$/);
    expect(subject).not.to.include(admin);
    expect([perMinute, scope]).to.deep.equal([null, 'API key']);
  });

  it('counts a request without a valid key by its client IP, whatever key it claims', () => {
    const ip = { subject: 'ip:203.0.113.9', perMinute: null, scope: 'client address' };
    expect(rateSubject(null, null, '203.0.113.9')).to.deep.equal(ip);
    expect(rateSubject(key, null, '203.0.113.9')).to.deep.equal(ip);
    expect(rateSubject(null, null, undefined).subject).to.equal('ip:unknown');
  });

  it('groups IPv6 clients by their /64 and unwraps IPv4-mapped addresses', () => {
    expect(clientNetwork('2001:db8:85a3:0042:1000:8a2e:370:7334')).to.equal('2001:db8:85a3:42::/64');
    expect(clientNetwork('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(clientNetwork('2001:DB8::FFFF:1')).to.equal('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).to.equal('0:0:0:0::/64');
    expect(clientNetwork('::ffff:192.0.2.1')).to.equal('192.0.2.1');
    expect(clientNetwork('192.0.2.1')).to.equal('192.0.2.1');
  });
});
