import { expect } from 'chai';
import { Types } from 'mongoose';
import { clientNetwork, rateSubject } from '../../server/http/rate-limit.js';
import type { Principal } from '../../server/services/identity.js';

describe('whom a request counts against (rate limit)', () => {
  const organization = { kind: 'ORGANIZATION', organization: { _id: new Types.ObjectId(), name: 'Shop', kind: 'PLATFORM' } } as unknown as Principal;
  const key = `glk_0123456789abcdef_${'s'.repeat(43)}`;

  it('counts an organization key by its id, never its secret', () => {
    const subject = rateSubject(key, organization, '203.0.113.9');
    expect(subject).to.equal('key:0123456789abcdef');
    expect(subject).not.to.include('sss');
  });

  it('counts a valid key of another shape (the operator key) by a hash of it', () => {
    const admin = 'the-operator-key-0123456789';
    const subject = rateSubject(admin, { kind: 'ADMIN' }, '203.0.113.9');
    expect(subject).to.match(/^key:[0-9a-f]{32}$/);
    expect(subject).not.to.include(admin);
  });

  it('counts a request without a valid key by its client IP, whatever key it claims', () => {
    expect(rateSubject(null, null, '203.0.113.9')).to.equal('ip:203.0.113.9');
    expect(rateSubject(key, null, '203.0.113.9')).to.equal('ip:203.0.113.9');
    expect(rateSubject(null, null, undefined)).to.equal('ip:unknown');
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
