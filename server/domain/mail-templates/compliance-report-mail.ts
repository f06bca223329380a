import type { ComplianceLine, ComplianceStatus, Rag } from '../epr.js';
import type { MailLocale } from '../mail-locale.js';
import type { Material } from '../packaging.js';
import { mailFormat } from './locale-format.js';
import { renderMail, type MailBlock, type RenderedMail } from './mail-document.js';

/** A line as a snapshot stores it; snapshots computed before fee bands existed have none. */
export type ComplianceReportLine = Pick<ComplianceLine, 'material' | 'placedOnMarketGrams' | 'recoveredGrams' | 'recycledGrams' | 'recoveryRatePct' | 'targetPct' | 'feeMinor'> & {
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
      COMPLIANT: 'Every material met its recovery target.',
      AT_RISK: 'At least one material is below its recovery target, though within the margin the rules allow.',
      NON_COMPLIANT: 'At least one material is further below its recovery target than the rules allow.',
    },
    band: { GREEN: 'green band', AMBER: 'amber band', RED: 'red band' },
    perTonne: '/t',
    materialName: (name, code) => `${name} (${code})`,
    bandLine: (material, band, workings) => `${material}, ${band}: ${workings}`,
    subject: (period, status) => `GreenLoop compliance report ${period}: ${status}`,
    heading: (producer, period) => `Packaging compliance of ${producer} for ${period}`,
    highlight: (status, code, fee) => `Status: ${status} (${code}). Fee: ${fee}.`,
    facts: { period: 'Period', rules: 'Rules', computedAt: 'Computed at', fee: 'Fee' },
    head: ['Material', 'Placed on the market', 'Recovered', 'Recycled', 'Recovery rate', 'Target', 'Fee'],
    empty: 'Nothing of yours was placed on the market or recovered in this period.',
    feeRule: 'How each fee was worked out: the material’s base fee per tonne, times the factor of its recyclability band (green below the base fee, amber at it, red above it).',
    footer: (producer) => `GreenLoop mails this report once per closed period to the contact address ${producer} registered. The same figures are in the API (producerCompliance) and on the dashboard.`,
  },
  ZH_CN: {
    material: { ALUMINIUM: '铝', FIBRE_COMPOSITE: '纤维基复合材料', GLASS: '玻璃', PAPER_CARD: '纸和纸板', PLASTIC: '塑料', STEEL: '钢', WOOD: '木材', OTHER: '其他' },
    status: { COMPLIANT: '合规', AT_RISK: '有不达标风险', NON_COMPLIANT: '不合规' },
    statusMeaning: {
      COMPLIANT: '所有材料均达到回收目标。',
      AT_RISK: '至少一种材料低于回收目标，但仍在规则允许的范围内。',
      NON_COMPLIANT: '至少一种材料低于回收目标，且超出规则允许的范围。',
    },
    band: { GREEN: '绿色档', AMBER: '琥珀档', RED: '红色档' },
    perTonne: '/吨',
    materialName: (name, code) => `${name}（${code}）`,
    bandLine: (material, band, workings) => `${material}，${band}：${workings}`,
    subject: (period, status) => `GreenLoop ${period} 包装合规报告：${status}`,
    heading: (producer, period) => `${producer} ${period} 包装合规报告`,
    highlight: (status, code, fee) => `状态：${status}（${code}）。费用：${fee}。`,
    facts: { period: '报告期', rules: '规则版本', computedAt: '计算时间', fee: '费用' },
    head: ['材料', '投放市场', '回收量', '再生利用量', '回收率', '目标', '费用'],
    empty: '本期没有您投放市场或回收的包装。',
    feeRule: '费用计算方式：材料每吨基础费用 × 可回收性档位系数（绿色档低于基础费用，琥珀档等于基础费用，红色档高于基础费用）。',
    footer: (producer) => `GreenLoop 在每个报告期结束后，向 ${producer} 登记的联系地址发送一次本报告。相同的数据可通过 API（producerCompliance）和仪表板查看。`,
  },
};

/** A producer's period report as a mail: status, fee, every material's figures and the workings of every fee. */
export function complianceReportMail(data: ComplianceReportData, locale: MailLocale): RenderedMail {
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
            f.percent(l.recoveryRatePct), f.percent(l.targetPct), money(l.feeMinor),
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

  return renderMail({
    locale,
    subject: w.subject(data.period, status),
    preheader: w.highlight(status, data.status, money(data.feeMinor)),
    heading: w.heading(data.producerName, data.period),
    blocks: [
      { kind: 'highlight', text: w.highlight(status, data.status, money(data.feeMinor)) },
      { kind: 'paragraph', text: w.statusMeaning[data.status] },
      { kind: 'facts', rows: [[w.facts.period, data.period], [w.facts.rules, data.ruleVersion], [w.facts.computedAt, f.dateTime(data.computedAtMs)], [w.facts.fee, money(data.feeMinor)]] },
      ...lines.filter((b) => b.kind !== 'list' || b.items.length > 0),
    ],
    footer: w.footer(data.producerName),
  });
}
