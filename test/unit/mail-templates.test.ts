// The mail templates rendered in both languages: the numbers, words and dates a reader needs in each, values from
// outside escaped in the HTML part, no external resources, and a text part that says what the HTML part says.
import { expect } from 'chai';
import type { MailLocale } from '../../server/domain/mail-locale.js';
import { complianceClosingMail, complianceReportMail, type ComplianceReportData } from '../../server/domain/mail-templates/compliance-report-mail.js';
import { expiryWarningMail, type ExpiryWarningData } from '../../server/domain/mail-templates/expiry-warning-mail.js';
import { mailFormat } from '../../server/domain/mail-templates/locale-format.js';
import type { RenderedMail } from '../../server/domain/mail-templates/mail-document.js';
import { reconciliationAlertMail, type ReconciliationAlertData } from '../../server/domain/mail-templates/reconciliation-alert-mail.js';
import { escapeHtml, html } from '../../server/domain/mail-templates/safe-html.js';

const LOCALES: readonly MailLocale[] = ['EN', 'ZH_CN'];
const NOW = Date.UTC(2026, 0, 31, 12);
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & ' " Tom's <b>shop</b>`;

/** What a reader sees of the HTML part: the body's text, tags gone, entities read. */
function visibleText(markup: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(markup)?.[1] ?? '';
  return body
    .replace(/<span style="display:none[^"]*">[\s\S]*?<\/span>/, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[entity] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every figure a mail states (amounts, dates, times, rates): the two parts must state the same ones. */
const figures = (text: string): string[] => [...new Set(text.match(/\d[\d,.:]*\d|\d/g) ?? [])].sort();

function expectWellFormed(mail: RenderedMail, locale: MailLocale): void {
  expect(mail.subject).to.be.a('string').and.not.equal('');
  expect(mail.subject).not.to.match(/[\r\n]/);
  expect(mail.text.trim()).not.to.equal('');
  expect(mail.html).to.match(/^<!DOCTYPE html>\n<html lang="(en|zh-CN)">/);
  expect(mail.html).to.contain(`<html lang="${locale === 'EN' ? 'en' : 'zh-CN'}">`);
  expect(visibleText(mail.html)).not.to.equal('');
  // Mail clients: inline styles only, nothing fetched from elsewhere (checked in the markup, not in escaped text).
  const tags = (mail.html.match(/<[^>]+>/g) ?? []).join(' ');
  expect(tags).not.to.match(/<style|<link|<script|<img|\ssrc=|\sclass=|url\(|@import|@font-face|https?:\/\//i);
  expect(tags).to.contain(' style="');
  expect(figures(visibleText(mail.html)), 'the HTML part states the text part’s figures').to.deep.equal(figures(mail.text));
}

describe('mail formats per locale', () => {
  it('writes money from integer minor units with the currency’s own decimals, in each locale', () => {
    const en = mailFormat('EN');
    const zh = mailFormat('ZH_CN');
    expect(en.money(30, 'GBP')).to.equal('£0.30');
    expect(en.money(1_234_567, 'CNY')).to.equal('CN¥12,345.67');
    expect(zh.money(1_234_567, 'CNY')).to.equal('¥12,345.67');
    expect(en.money(500, 'JPY'), 'the yen has no minor unit').to.equal('¥500');
    expect(zh.money(19_600, 'GBP')).to.equal('£196.00');
  });

  it('writes whole numbers, masses, rates and factors as each locale groups them', () => {
    for (const f of [mailFormat('EN'), mailFormat('ZH_CN')]) {
      expect(f.integer(12_345)).to.equal('12,345');
      expect(f.percent(71.43)).to.equal('71.43%');
      expect(f.factor(0.964_28)).to.equal('0.9643');
      expect(f.mass(600)).to.equal('600 g');
      expect(f.mass(1400)).to.equal('1.4 kg');
    }
    expect(mailFormat('EN').mass(2_345_678)).to.equal('2.345678 t');
    expect(mailFormat('ZH_CN').mass(2_345_678)).to.equal('2.345678 吨');
  });

  it('writes instants in UTC and names the zone, whatever the day is elsewhere', () => {
    const lateEvening = Date.UTC(2026, 1, 28, 23, 30);
    expect(mailFormat('EN').date(lateEvening)).to.equal('February 28, 2026');
    expect(mailFormat('EN').dateTime(lateEvening)).to.equal('February 28, 2026 at 11:30 PM UTC');
    expect(mailFormat('ZH_CN').date(lateEvening)).to.equal('2026年2月28日');
    expect(mailFormat('ZH_CN').dateTime(lateEvening)).to.equal('2026年2月28日 UTC 23:30');
  });
});

describe('safe HTML', () => {
  it('escapes every interpolated value and keeps only fragments it built itself', () => {
    expect(escapeHtml(`<a href="x">Tom's & co</a>`)).to.equal('&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; co&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'" onclick="x'}">${inner}${['<u>', 1]}</p>`.markup).to.equal('<p title="&quot; onclick=&quot;x"><b>&lt;i&gt;</b>&lt;u&gt;1</p>');
  });
});

describe('expiry warning mail', () => {
  const data: ExpiryWarningData = { platformName: 'ShopOne', credits: 1200, expiresAtMs: Date.UTC(2026, 1, 28, 9), nowMs: NOW };

  it('tells an English reader how many credits expire where, on which day and time (UTC), and in how many days', () => {
    const mail = expiryWarningMail(data, 'EN');
    expect(mail.subject).to.equal('1,200 green credits with ShopOne expire on February 28, 2026');
    expect(mail.text).to.contain('1,200 green credits you earned with ShopOne expire on February 28, 2026 at 9:00 AM UTC, in 28 days.');
    expect(mail.text).to.contain('soonest-expiring').and.contain('you agreed that ShopOne may tell you');
    expect(visibleText(mail.html)).to.contain('1,200 green credits expire in 28 days').and.contain('February 28, 2026 at 9:00 AM UTC');
    expectWellFormed(mail, 'EN');
  });

  it('tells a Chinese reader the same in Chinese: 积分, the date in Chinese, the days left', () => {
    const mail = expiryWarningMail(data, 'ZH_CN');
    expect(mail.subject).to.equal('您在 ShopOne 的 1,200 个绿色积分将于 2026年2月28日 到期');
    expect(mail.text).to.contain('您在 ShopOne 获得的 1,200 个绿色积分将于 2026年2月28日 UTC 09:00 到期，距今还有 28 天。');
    expect(mail.text).to.contain('最早到期').and.contain('您同意 ShopOne');
    expect(mail.text).not.to.match(/green|credits|expire/i);
    expect(visibleText(mail.html)).to.contain('1,200 个绿色积分将在 28 天后到期');
    expectWellFormed(mail, 'ZH_CN');
  });

  it('says one credit and one day in the singular', () => {
    const mail = expiryWarningMail({ ...data, credits: 1, expiresAtMs: NOW + 1000 }, 'EN');
    expect(mail.subject).to.match(/^1 green credit with ShopOne expires on /);
    expect(mail.text).to.contain('in 1 day.');
  });

  for (const locale of LOCALES) {
    it(`escapes a hostile platform name in the HTML part and keeps it whole in the text part (${locale})`, () => {
      const mail = expiryWarningMail({ ...data, platformName: HOSTILE }, locale);
      expect(mail.html).not.to.contain('<script>').and.not.to.contain('<img').and.not.to.contain('<b>shop');
      expect(mail.html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').and.contain('Tom&#39;s');
      expect(visibleText(mail.html)).to.contain(HOSTILE);
      expect(mail.text).to.contain(HOSTILE);
      expectWellFormed(mail, locale);
      expect(expiryWarningMail({ ...data, platformName: 'Shop\r\nBcc: evil@example.com' }, locale).subject, 'a header stays one line').not.to.match(/[\r\n]/);
    });
  }
});

describe('compliance report mail', () => {
  const data: ComplianceReportData = {
    producerName: 'Paper Co',
    period: '2026-05',
    status: 'AT_RISK',
    ruleVersion: 'GL-EPR-2026.1',
    feeMinor: 30,
    currency: 'GBP',
    computedAtMs: NOW,
    lines: [{
      material: 'PAPER_CARD', placedOnMarketGrams: 1400, recoveredGrams: 1000, recycledGrams: 800, recyclingRatePct: 57.14, targetPct: 75, feeMinor: 30,
      bands: [
        { rag: 'GREEN', placedOnMarketGrams: 600, baseFeeMinorPerTonne: 19_600, factor: 0.964_28, feeMinor: 11 },
        { rag: 'RED', placedOnMarketGrams: 800, baseFeeMinorPerTonne: 19_600, factor: 1.2, feeMinor: 19 },
      ],
    }],
  };

  it('gives an English producer its status, fee, figures per material and the workings of each fee band', () => {
    const mail = complianceReportMail(data, 'EN');
    expect(mail.subject).to.equal('GreenLoop compliance report 2026-05: at risk');
    expect(mail.text).to.contain('Status: at risk (AT_RISK). Fee: £0.30.');
    expect(mail.text).to.contain('Computed at: January 31, 2026 at 12:00 PM UTC').and.contain('Rules: GL-EPR-2026.1');
    expect(mail.text).to.contain('- Paper and card (PAPER_CARD): Placed on the market 1.4 kg; Recovered 1 kg; Recycled 800 g; Recycling rate 57.14%; Target 75%; Fee £0.30');
    expect(mail.text).to.contain('Paper and card, green band: 600 g × £196.00/t × 0.9643 = £0.11');
    expect(mail.text).to.contain('Paper and card, red band: 800 g × £196.00/t × 1.2000 = £0.19');
    expect(mail.html).to.contain('<th scope="col"').and.contain('text-align:right');
    expectWellFormed(mail, 'EN');
  });

  it('gives a Chinese producer the same report in Chinese: 合规, 再生利用率, the same figures', () => {
    const mail = complianceReportMail(data, 'ZH_CN');
    expect(mail.subject).to.equal('GreenLoop 2026-05 包装合规报告：有不达标风险');
    expect(mail.text).to.contain('状态：有不达标风险（AT_RISK）。费用：£0.30。');
    expect(mail.text).to.contain('计算时间：2026年1月31日 UTC 12:00');
    expect(mail.text).to.contain('- 纸和纸板（PAPER_CARD）：投放市场 1.4 kg；回收量 1 kg；再生利用量 800 g；再生利用率 57.14%；目标 75%；费用 £0.30');
    expect(mail.text).to.contain('纸和纸板，绿色档：600 g × £196.00/吨 × 0.9643 = £0.11');
    expect(mail.text).not.to.match(/Paper and card|Status|Fee/);
    expectWellFormed(mail, 'ZH_CN');
  });

  it('names each status in each language, and says so when nothing was placed on the market', () => {
    const words = { EN: ['compliant', 'not compliant'], ZH_CN: ['合规', '不合规'] } as const;
    for (const locale of LOCALES) {
      const compliant = complianceReportMail({ ...data, status: 'COMPLIANT', lines: [], feeMinor: 0 }, locale);
      expect(compliant.subject.endsWith(words[locale][0])).to.equal(true);
      expect(compliant.text).to.contain(locale === 'EN' ? 'Nothing of yours was placed on the market' : '本期没有您投放市场或回收的包装').and.not.contain('×');
      expectWellFormed(compliant, locale);
      expect(complianceReportMail({ ...data, status: 'NON_COMPLIANT' }, locale).subject.endsWith(words[locale][1])).to.equal(true);
    }
  });

  it('reads snapshots stored before fee bands existed', () => {
    const withoutBands = { material: 'PAPER_CARD', placedOnMarketGrams: 1400, recoveredGrams: 1000, recycledGrams: 800, recyclingRatePct: 57.14, targetPct: 75, feeMinor: 30 } as const;
    const mail = complianceReportMail({ ...data, lines: [withoutBands] }, 'EN');
    expect(mail.text).to.contain('Recycling rate 57.14%').and.not.contain('green band');
  });

  for (const locale of LOCALES) {
    it(`escapes a hostile producer name (${locale})`, () => {
      const mail = complianceReportMail({ ...data, producerName: HOSTILE }, locale);
      expect(mail.html).not.to.contain('<script>').and.not.to.contain('<img');
      expect(visibleText(mail.html)).to.contain(HOSTILE);
      expect(mail.text).to.contain(HOSTILE);
      expectWellFormed(mail, locale);
    });
  }

  it('puts every period of one closing in one mail, each its own part, in the order given', () => {
    const closing = ['2026-12', '2026-Q4', '2026-H2', '2026'].map((period, i) => ({ ...data, period, feeMinor: 30 + i }));
    const mail = complianceClosingMail(closing, 'EN');
    expect(mail.subject).to.equal('GreenLoop compliance reports 2026-12, 2026-Q4, 2026-H2 and 2026');
    const parts = ['2026-12', '2026-Q4', '2026-H2', '2026'].map((p) => mail.text.indexOf(`Period ${p}\n`));
    expect(parts.every((at, n) => at > 0 && (n === 0 || at > (parts[n - 1] ?? 0))), JSON.stringify(parts)).to.equal(true);
    expect(mail.text).to.contain('Fee: £0.30.').and.contain('Fee: £0.33.');
    expect(mail.html.match(/<h2 /g)).to.have.length(4);
    expectWellFormed(mail, 'EN');
    const zh = complianceClosingMail(closing.slice(0, 3), 'ZH_CN');
    expect(zh.subject).to.equal('GreenLoop 2026-12、2026-Q4、2026-H2 包装合规报告');
    expectWellFormed(zh, 'ZH_CN');
    expect(complianceClosingMail([data], 'EN'), 'a closing of one period is its plain report').to.deep.equal(complianceReportMail(data, 'EN'));
    expect(() => complianceClosingMail([], 'EN')).to.throw('at least one report');
  });

  for (const locale of LOCALES) {
    it(`escapes a hostile producer name in a closing's mail (${locale})`, () => {
      const mail = complianceClosingMail([{ ...data, producerName: HOSTILE }, { ...data, producerName: HOSTILE, period: '2026-Q4' }], locale);
      expect(mail.html).not.to.contain('<script>').and.not.to.contain('<img');
      expect(visibleText(mail.html)).to.contain(HOSTILE);
      expect(mail.text).to.contain(HOSTILE);
      expectWellFormed(mail, locale);
    });
  }
});

describe('reconciliation alert mail', () => {
  const data: ReconciliationAlertData = {
    atMs: NOW,
    accounts: 1234,
    entries: 56_789,
    problems: ['account p:ann: entry seq 3: balances do not follow from seq 2', 'platform p: consumers hold 60 but the system accounts sum to 10'],
    maxListed: 200,
  };

  it('tells an English operator how many problems, when, what was audited, and each problem as found', () => {
    const mail = reconciliationAlertMail(data, 'EN');
    expect(mail.subject).to.equal('GreenLoop ledger reconciliation: 2 problems');
    expect(mail.text).to.contain('Reconciliation at January 31, 2026 at 12:00 PM UTC found 2 problems.');
    expect(mail.text).to.contain('Accounts audited: 1,234').and.contain('Entries audited: 56,789');
    expect(mail.text).to.contain('- account p:ann: entry seq 3: balances do not follow from seq 2');
    expect(reconciliationAlertMail({ ...data, problems: data.problems.slice(0, 1) }, 'EN').subject).to.equal('GreenLoop ledger reconciliation: 1 problem');
    expectWellFormed(mail, 'EN');
  });

  it('tells a Chinese operator the same in Chinese (对账, 问题), the audit’s own lines kept', () => {
    const mail = reconciliationAlertMail(data, 'ZH_CN');
    expect(mail.subject).to.equal('GreenLoop 积分账本对账：发现 2 个问题');
    expect(mail.text).to.contain('2026年1月31日 UTC 12:00 的对账发现 2 个问题。');
    expect(mail.text).to.contain('已审计账户：1,234').and.contain('已审计分录：56,789');
    expect(mail.text).to.contain('- platform p: consumers hold 60 but the system accounts sum to 10');
    expectWellFormed(mail, 'ZH_CN');
  });

  it('lists at most maxListed problems and counts the rest, in each language', () => {
    const many = { ...data, problems: Array.from({ length: 5 }, (_, i) => `problem ${String(i + 1)}`), maxListed: 3 };
    expect(reconciliationAlertMail(many, 'EN').text).to.contain('- problem 3\n- ... and 2 more').and.not.contain('problem 4');
    expect(reconciliationAlertMail(many, 'ZH_CN').text).to.contain('另有 2 个问题未列出').and.not.contain('problem 4');
  });

  for (const locale of LOCALES) {
    it(`escapes a hostile problem line (${locale})`, () => {
      const mail = reconciliationAlertMail({ ...data, problems: [HOSTILE, 'a\r\nBcc: evil@example.com'] }, locale);
      expect(mail.html).not.to.contain('<script>').and.not.to.contain('<img');
      expect(visibleText(mail.html)).to.contain(HOSTILE);
      expect(mail.text).to.contain(HOSTILE);
      expectWellFormed(mail, locale);
    });
  }
});
