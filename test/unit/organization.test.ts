import { expect } from 'chai';
import { NAME_MAX, REQUESTS_PER_MINUTE_MAX, parseNewOrganization, parseRequestsPerMinute } from '../../server/domain/organization.js';

describe('new organization validation', () => {
  it('trims the name and turns empty optional fields into null', () => {
    const result = parseNewOrganization({ name: '  Acme Boxes ', kind: 'PRODUCER', registrationNumber: ' ', contactEmail: '' });
    expect(result.errors).to.deep.equal([]);
    expect(result.organization).to.deep.equal({ name: 'Acme Boxes', kind: 'PRODUCER', registrationNumber: null, contactEmail: null, locale: 'EN' });
  });

  it('reports each bad field with its path', () => {
    const result = parseNewOrganization({
      name: ' ',
      kind: 'ROBOT',
      registrationNumber: '$$$',
      contactEmail: 'not-an-address',
    });
    expect(result.organization).to.equal(null);
    expect(result.errors.map((e) => e.field?.join('.'))).to.deep.equal([
      'input.name',
      'input.kind',
      'input.registrationNumber',
      'input.contactEmail',
    ]);
    expect(result.errors.every((e) => e.code === 'VALIDATION')).to.equal(true);
  });

  it('refuses a name longer than the limit', () => {
    const result = parseNewOrganization({ name: 'x'.repeat(NAME_MAX + 1), kind: 'PLATFORM' });
    expect(result.errors).to.have.length(1);
    expect(result.errors[0]?.message).to.contain(String(NAME_MAX));
  });
});

describe('an organization’s rate limit', () => {
  it('takes a whole number from 1 to the maximum, or null for the default', () => {
    for (const value of [1, 6000, REQUESTS_PER_MINUTE_MAX, null]) expect(parseRequestsPerMinute(value)).to.deep.equal({ requestsPerMinute: value, errors: [] });
  });

  it('refuses zero, negatives, fractions and more than the maximum, naming the field', () => {
    for (const value of [0, -5, 2.5, REQUESTS_PER_MINUTE_MAX + 1, Number.NaN]) {
      const result = parseRequestsPerMinute(value);
      expect(result.requestsPerMinute, String(value)).to.equal(null);
      expect(result.errors.map((e) => [e.code, e.field])).to.deep.equal([['VALIDATION', ['input', 'requestsPerMinute']]]);
    }
  });
});
