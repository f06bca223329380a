import type { ComplianceLine, ComplianceStatus, Rag } from '../epr.js';
import type { MailLocale } from '../mail-locale.js';
import type { Material } from '../packaging.js';
import { mailFormat } from './locale-format.js';
import { renderMail, type MailBlock, type RenderedMail } from './mail-document.js';

/** A line as a snapshot stores it; snapshots computed before fee bands existed have none. */
export type ComplianceReportLine = Pick<ComplianceLine, 'material' | 'placedOnMarketGrams' | 'recoveredGrams' | 'recycledGrams' | 'recyclingRatePct' | 'targetPct' | 'feeMinor'> & {
  readonly bands?: ComplianceLine['bands'];
};

/** A producer's report for one closed period, as its compliance snapshot holds it. */
export interface ComplianceReportData {
  readonly producerName: string;
  readonly period: string;
  readonly status: ComplianceStatus;
  readonly ruleVersion: string;
  readonly feeMinor: number;
  readonly currency: string;
  readonly computedAtMs: number;
  readonly lines: readonly ComplianceReportLine[];
}

interface Words {
  readonly material: Readonly<Record<Material, string>>;
  readonly status: Readonly<Record<ComplianceStatus, string>>;
  readonly statusMeaning: Readonly<Record<ComplianceStatus, string>>;
  readonly band: Readonly<Record<Rag, string>>;
  readonly perTonne: string;
  /** The material as a table row names it, with the API's code. */
  materialName(name: string, code: Material): string;
  bandLine(material: string, band: string, workings: string): string;
  subject(period: string, status: string): string;
  heading(producer: string, period: string): string;
  /** Several periods that closed together (a quarter's last month closes the quarter too). */
  closingSubject(periods: string): string;
  closingIntro(count: number, periods: string): string;
  periodHeading(period: string): string;
  listOf(items: readonly string[]): string;
  highlight(status: string, code: ComplianceStatus, fee: string): string;
  readonly facts: { readonly period: string; readonly rules: string; readonly computedAt: string; readonly fee: string };
  readonly head: readonly string[];
  readonly empty: string;
  readonly feeRule: string;
  footer(producer: string): string;
}

const WORDS: Readonly<Record<MailLocale, Words>> = {
  EN: {
    material: { ALUMINIUM: 'Aluminium', FIBRE_COMPOSITE: 'Fibre-based composite', GLASS: 'Glass', PAPER_CARD: 'Paper and card', PLASTIC: 'Plastic', STEEL: 'Steel', WOOD: 'Wood', OTHER: 'Other' },
    status: { COMPLIANT: 'compliant', AT_RISK: 'at risk', NON_COMPLIANT: 'not compliant' },
    statusMeaning: {
      COMPLIANT: 'Every material met its recycling target.',
      AT_RISK: 'At least one material is below its recycling target, though within the margin the rules allow.',
      NON_COMPLIANT: 'At least one material is further below its recycling target than the rules allow.',
    },
    band: { GREEN: 'green band', AMBER: 'amber band', RED: 'red band' },
    perTonne: '/t',
    materialName: (name, code) => `${name} (${code})`,
    bandLine: (material, band, workings) => `${material}, ${band}: ${workings}`,
    subject: (period, status) => `GreenLoop compliance report ${period}: ${status}`,
    heading: (producer, period) => `Packaging compliance of ${producer} for ${period}`,
    closingSubject: (periods) => `GreenLoop compliance reports ${periods}`,
    closingIntro: (count, periods) => `${String(count)} reporting periods closed together: ${periods}. Each has its own report below.`,
    periodHeading: (period) => `Period ${period}`,
    listOf: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`),
    highlight: (status, code, fee) => `Status: ${status} (${code}). Fee: ${fee}.`,
    facts: { period: 'Period', rules: 'Rules', computedAt: 'Computed at', fee: 'Fee' },
    head: ['Material', 'Placed on the market', 'Recovered', 'Recycled', 'Recycling rate', 'Target', 'Fee'],
    empty: 'Nothing of yours was placed on the market or recovered in this period.',
    feeRule: 'How each fee was worked out: the material’s base fee per tonne, times the factor of its recyclability band (green below the base fee, amber at it, red above it).',
    footer: (producer) => `GreenLoop mails these reports once when periods close, every period that closed at that moment in one mail, to the contact address ${producer} registered. The same figures are in the API (producerCompliance) and on the dashboard.`,
  },
  ZH_CN: {
    material: { ALUMINIUM: '铝', FIBRE_COMPOSITE: '纤维基复合材料', GLASS: '玻璃', PAPER_CARD: '纸和纸板', PLASTIC: '塑料', STEEL: '钢', WOOD: '木材', OTHER: '其他' },
    status: { COMPLIANT: '合规', AT_RISK: '有不达标风险', NON_COMPLIANT: '不合规' },
    statusMeaning: {
      COMPLIANT: '所有材料均达到再生利用目标。',
      AT_RISK: '至少一种材料低于再生利用目标，但仍在规则允许的范围内。',
      NON_COMPLIANT: '至少一种材料低于再生利用目标，且超出规则允许的范围。',
    },
    band: { GREEN: '绿色档', AMBER: '琥珀档', RED: '红色档' },
    perTonne: '/吨',
    materialName: (name, code) => `${name}（${code}）`,
    bandLine: (material, band, workings) => `${material}，${band}：${workings}`,
    subject: (period, status) => `GreenLoop ${period} 包装合规报告：${status}`,
    heading: (producer, period) => `${producer} ${period} 包装合规报告`,
    closingSubject: (periods) => `GreenLoop ${periods} 包装合规报告`,
    closingIntro: (count, periods) => `${String(count)} 个报告期同时结束：${periods}。以下分别列出各期报告。`,
    periodHeading: (period) => `报告期 ${period}`,
    listOf: (items) => items.join('、'),
    highlight: (status, code, fee) => `状态：${status}（${code}）。费用：${fee}。`,
    facts: { period: '报告期', rules: '规则版本', computedAt: '计算时间', fee: '费用' },
    head: ['材料', '投放市场', '回收量', '再生利用量', '再生利用率', '目标', '费用'],
    empty: '本期没有您投放市场或回收的包装。',
    feeRule: '费用计算方式：材料每吨基础费用 × 可回收性档位系数（绿色档低于基础费用，琥珀档等于基础费用，红色档高于基础费用）。',
    footer: (producer) => `报告期结束时，GreenLoop 向 ${producer} 登记的联系地址发送一次报告，同一时刻结束的所有报告期合并为一封邮件。相同的数据可通过 API（producerCompliance）和仪表板查看。`,
  },
};

/** The parts of one period's report: status, fee, every material's figures and the workings of every fee. */
function reportBlocks(data: ComplianceReportData, locale: MailLocale): MailBlock[] {
  const f = mailFormat(locale);
  const w = WORDS[locale];
  const money = (minor: number) => f.money(minor, data.currency);
  const status = w.status[data.status];
  const materialName = (m: Material) => w.materialName(w.material[m], m);

  const lines: MailBlock[] = data.lines.length === 0
    ? [{ kind: 'paragraph', text: w.empty }]
    : [
        {
          kind: 'table',
          head: w.head,
          numeric: [false, true, true, true, true, true, true],
          rows: data.lines.map((l) => [
            materialName(l.material), f.mass(l.placedOnMarketGrams), f.mass(l.recoveredGrams), f.mass(l.recycledGrams),
            f.percent(l.recyclingRatePct), f.percent(l.targetPct), money(l.feeMinor),
          ]),
        },
        { kind: 'paragraph', text: w.feeRule },
        {
          kind: 'list',
          items: data.lines.flatMap((l) => (l.bands ?? []).map((b) =>
            w.bandLine(w.material[l.material], w.band[b.rag], `${f.mass(b.placedOnMarketGrams)} × ${money(b.baseFeeMinorPerTonne)}${w.perTonne} × ${f.factor(b.factor)} = ${money(b.feeMinor)}`),
          )),
        },
      ];
  return [
    { kind: 'highlight', text: w.highlight(status, data.status, money(data.feeMinor)) },
    { kind: 'paragraph', text: w.statusMeaning[data.status] },
    { kind: 'facts', rows: [[w.facts.period, data.period], [w.facts.rules, data.ruleVersion], [w.facts.computedAt, f.dateTime(data.computedAtMs)], [w.facts.fee, money(data.feeMinor)]] },
    ...lines.filter((b) => b.kind !== 'list' || b.items.length > 0),
  ];
}

/** A producer's period report as a mail. */
export function complianceReportMail(data: ComplianceReportData, locale: MailLocale): RenderedMail {
  const w = WORDS[locale];
  const status = w.status[data.status];
  const fee = mailFormat(locale).money(data.feeMinor, data.currency);
  return renderMail({
    locale,
    subject: w.subject(data.period, status),
    preheader: w.highlight(status, data.status, fee),
    heading: w.heading(data.producerName, data.period),
    blocks: reportBlocks(data, locale),
    footer: w.footer(data.producerName),
  });
}

/**
 * One mail for every period of a producer that closed at the same moment (a December closes its month, quarter,
 * half-year and year), in the order given (shortest period first): a closing is one mail, never one per period. A
 * single period is the plain period report.
 */
export function complianceClosingMail(reports: readonly ComplianceReportData[], locale: MailLocale): RenderedMail {
  const [first] = reports;
  if (!first) throw new Error('a closing mail needs at least one report');
  if (reports.length === 1) return complianceReportMail(first, locale);
  const w = WORDS[locale];
  const periods = w.listOf(reports.map((r) => r.period));
  return renderMail({
    locale,
    subject: w.closingSubject(periods),
    preheader: w.closingIntro(reports.length, periods),
    heading: w.heading(first.producerName, periods),
    blocks: [
      { kind: 'paragraph', text: w.closingIntro(reports.length, periods) },
      ...reports.flatMap((report): MailBlock[] => [{ kind: 'subheading', text: w.periodHeading(report.period) }, ...reportBlocks(report, locale)]),
    ],
    footer: w.footer(first.producerName),
  });
}
