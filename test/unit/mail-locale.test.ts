// Who gets mail in which language: the operator's from OPERATOR_LOCALE (checked at start-up), organizations' and
// consumers' from the preferences they give, validated like any other input.
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config.js';
import { parseLocaleTag } from '../../server/domain/mail-locale.js';
import { parseNewOrganization, parseOrganizationPreferences } from '../../server/domain/organization.js';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/greenloop', ADMIN_API_KEY: 'an-operator-key-that-is-long-enough' };

describe('mail locales', () => {
  it('reads en and zh-CN as an operator writes them, in any case, and nothing else', () => {
    for (const tag of ['en', 'EN', ' en ']) expect(parseLocaleTag(tag), tag).to.equal('EN');
    for (const tag of ['zh-CN', 'zh-cn', 'zh_CN', 'ZH_CN']) expect(parseLocaleTag(tag), tag).to.equal('ZH_CN');
    for (const tag of ['zh', 'zh-TW', 'en-US', 'fr', '']) expect(parseLocaleTag(tag), tag).to.equal(null);
  });

  it('mails the operator in English unless OPERATOR_LOCALE says zh-CN, and refuses any other value naming the variable', () => {
    expect(loadConfig(valid).operatorLocale).to.equal('EN');
    expect(loadConfig({ ...valid, OPERATOR_LOCALE: 'zh-CN' }).operatorLocale).to.equal('ZH_CN');
    expect(loadConfig({ ...valid, OPERATOR_LOCALE: '' }).operatorLocale, 'empty is unset').to.equal('EN');
    try {
      loadConfig({ ...valid, OPERATOR_LOCALE: 'fr' });
      expect.fail('fr was accepted');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      expect(error.problems).to.deep.equal(['OPERATOR_LOCALE must be en or zh-CN (got "fr")']);
    }
  });

  it('gives a new organization English mail unless it asks for Chinese, and refuses an unknown locale on its field', () => {
    expect(parseNewOrganization({ name: 'Acme', kind: 'PRODUCER' }).organization?.locale).to.equal('EN');
    expect(parseNewOrganization({ name: 'Acme', kind: 'PRODUCER', locale: 'ZH_CN' }).organization?.locale).to.equal('ZH_CN');
    const refused = parseNewOrganization({ name: 'Acme', kind: 'PRODUCER', locale: 'zh-CN' });
    expect(refused.organization).to.equal(null);
    expect(refused.errors.map((e) => [e.code, e.field?.join('.')])).to.deep.equal([['VALIDATION', 'input.locale']]);
  });

  it('changes only the preferences given', () => {
    expect(parseOrganizationPreferences({ locale: 'ZH_CN' })).to.deep.equal({ preferences: { locale: 'ZH_CN' }, errors: [] });
    expect(parseOrganizationPreferences({ locale: null })).to.deep.equal({ preferences: {}, errors: [] });
    expect(parseOrganizationPreferences({ locale: 'DE' }).errors.map((e) => e.field?.join('.'))).to.deep.equal(['input.locale']);
  });
});
