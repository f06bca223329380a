// Every string the dashboard shows, in English and simplified Chinese; the compiler checks both have every key.

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly { readonly lang: Lang; readonly label: string }[] = [
  { lang: 'en', label: 'English' },
  { lang: 'zh-CN', label: '简体中文' },
];

const en = {
  'app.title': 'GreenLoop dashboard',
  'app.tagline': 'Green packaging, recycling and producer responsibility',
  'lang.label': 'Language',
  'signIn.heading': 'Sign in',
  'signIn.keyLabel': 'API key',
  'signIn.keyHint': 'Your organization’s key (glk_…). It is kept in this browser tab only and forgotten when the tab closes.',
  'signIn.submit': 'Sign in',
  'signIn.checking': 'Checking the key…',
  'signIn.empty': 'Enter an API key.',
  'signIn.refused': 'This API key was refused: it is unknown, mistyped or revoked.',
  'signIn.operator': 'The operator key has no dashboard: sign in with an organization’s key.',
  'signIn.expired': 'Your key no longer works (revoked or rotated): sign in again.',
  'signOut': 'Sign out',
  'signedInAs': 'Signed in as {name} ({kind})',
  'period.label': 'Period',
  'period.month': 'This month ({period})',
  'period.previousMonth': 'Last month ({period})',
  'period.quarter': 'This quarter ({period})',
  'period.half': 'This half-year ({period})',
  'period.year': 'This year ({period})',
  'period.previousYear': 'Last year ({period})',
  'kind.REGULATOR': 'Regulator',
  'kind.PRODUCER': 'Producer',
  'kind.PLATFORM': 'Platform',
  'kind.COLLECTOR': 'Collector',
  'loading': 'Loading…',
  'noData': 'No data for this period yet.',
  'dataTable': 'Data table',
  'error.network': 'Could not reach the GreenLoop service. Check the connection and reload.',
  'error.api': 'The service refused the request: {message} ({code})',
  'error.retry': 'Try again',
  'unit.kg': 'kg',
  'unit.pct': '%',
  'col.month': 'Month',
  'col.producer': 'Producer',
  'col.material': 'Material',
  'col.placed': 'Placed on the market (kg)',
  'col.recovered': 'Recovered (kg)',
  'col.rate': 'Recycling rate (%)',
  'col.target': 'Target (%)',
  'col.status': 'Status',
  'col.rank': 'Rank',
  'col.organization': 'Organization',
  'col.band': 'Fee band',
  'col.baseFee': 'Base fee ({currency}/t)',
  'col.factor': 'Factor',
  'col.fee': 'Fee ({currency})',
  'metric.parcels': 'Parcels',
  'metric.greenChoiceSharePct': 'Green-choice share (%)',
  'metric.notReboxedRatePct': 'Not re-boxed (%)',
  'metric.reusableUnitsInService': 'Reusable units in service',
  'metric.reuseCycles': 'Reuse cycles',
  'metric.co2eAvoidedKg': 'CO₂e avoided (kg)',
  'metric.creditsIssued': 'Credits issued',
  'metric.creditsRedeemed': 'Credits redeemed',
  'metric.recyclingRatePct': 'Recycling rate (%)',
  'metric.verifiedReturns': 'Verified returns (items)',
  'axis.pct': 'Share (%)',
  'axis.recoveryPct': 'Recycling rate (%)',
  'axis.fee': 'Fee ({currency})',
  'axis.credits': 'Credits',
  'axis.units': 'Units / trips',
  'axis.count': 'Parcels / trips',
  'axis.parcels': 'Parcels',
  'series.recovery': 'Recycling rate',
  'series.target': 'Target',
  'reg.recovery.title': 'Recycling rate against target, by producer and material ({period})',
  'reg.recovery.note': 'The {count} producers ranked highest on recycling in the period; a bar is green at or above target, amber within 10 points, red further below.',
  'reg.rankings.title': 'Rankings ({period})',
  'rank.PRODUCER': 'Producers by recycling rate (%)',
  'rank.PLATFORM': 'Platforms by not-re-boxed rate (%)',
  'rank.COLLECTION_POINT': 'Collectors by verified returns (items)',
  'impact.kpis': 'Green impact ({period})',
  'impact.trend.title': 'Green impact over the last 12 months',
  'prod.kpis': 'Your compliance ({period}, rules {ruleVersion})',
  'prod.status': 'Status',
  'prod.fee': 'Fee',
  'prod.greenFactor': 'Green fee factor',
  'prod.rank': 'Rank by recycling',
  'rankOf': '{rank} of {count}',
  'prod.recovery.title': 'Recycling rate against target, by material ({period})',
  'prod.fees.title': 'Fees by material and fee band: the modulation ({period})',
  'prod.fees.note': 'Red (not recyclable) pays 1.2 × the base fee, amber the base fee, green the base fee × the period’s green factor.',
  'prod.units.title': 'Reusable units in service and reuse cycles, last 12 months',
  'plat.kpis': 'Your checkout ({period})',
  'plat.rank': 'Rank by not-re-boxed rate',
  'plat.shares.title': 'Green-choice share and not-re-boxed rate, last 12 months',
  'plat.shares.note': 'Green choice: the product’s own packaging, or reduced, green or reusable packaging.',
  'plat.credits.title': 'Credits issued and redeemed, last 12 months',
  'coll.kpis': 'Your returns ({period})',
  'coll.rank': 'Rank by verified returns',
  'coll.trend.title': 'Reusable units back through your collection points, last 12 months',
  'status.COMPLIANT': 'Compliant',
  'status.AT_RISK': 'At risk',
  'status.NON_COMPLIANT': 'Non-compliant',
  'band.GREEN': 'Green',
  'band.AMBER': 'Amber',
  'band.RED': 'Red',
  'material.ALUMINIUM': 'Aluminium',
  'material.FIBRE_COMPOSITE': 'Fibre composite',
  'material.GLASS': 'Glass',
  'material.PAPER_CARD': 'Paper and card',
  'material.PLASTIC': 'Plastic',
  'material.STEEL': 'Steel',
  'material.WOOD': 'Wood',
  'material.OTHER': 'Other',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  'app.title': 'GreenLoop 数据看板',
  'app.tagline': '绿色包装、回收循环与生产者责任',
  'lang.label': '语言',
  'signIn.heading': '登录',
  'signIn.keyLabel': 'API 密钥',
  'signIn.keyHint': '贵组织的密钥（glk_…）。只保存在当前浏览器标签页中，关闭标签页即被清除。',
  'signIn.submit': '登录',
  'signIn.checking': '正在验证密钥…',
  'signIn.empty': '请输入 API 密钥。',
  'signIn.refused': '该 API 密钥被拒绝：密钥不存在、输入有误或已被撤销。',
  'signIn.operator': '运营方密钥没有看板，请使用组织的密钥登录。',
  'signIn.expired': '您的密钥已失效（已撤销或已轮换），请重新登录。',
  'signOut': '退出登录',
  'signedInAs': '已登录：{name}（{kind}）',
  'period.label': '期间',
  'period.month': '本月（{period}）',
  'period.previousMonth': '上月（{period}）',
  'period.quarter': '本季度（{period}）',
  'period.half': '本半年（{period}）',
  'period.year': '本年（{period}）',
  'period.previousYear': '去年（{period}）',
  'kind.REGULATOR': '监管机构',
  'kind.PRODUCER': '包装生产者',
  'kind.PLATFORM': '电商平台',
  'kind.COLLECTOR': '回收方',
  'loading': '加载中…',
  'noData': '该期间暂无数据。',
  'dataTable': '数据表',
  'error.network': '无法连接 GreenLoop 服务，请检查网络后刷新页面。',
  'error.api': '服务拒绝了请求：{message}（{code}）',
  'error.retry': '重试',
  'unit.kg': '千克',
  'unit.pct': '%',
  'col.month': '月份',
  'col.producer': '生产者',
  'col.material': '材料',
  'col.placed': '投放市场量（千克）',
  'col.recovered': '回收量（千克）',
  'col.rate': '再生利用率（%）',
  'col.target': '目标（%）',
  'col.status': '状态',
  'col.rank': '名次',
  'col.organization': '组织',
  'col.band': '费率档',
  'col.baseFee': '基础费率（{currency}/吨）',
  'col.factor': '系数',
  'col.fee': '费用（{currency}）',
  'metric.parcels': '包裹数',
  'metric.greenChoiceSharePct': '绿色包装选择占比（%）',
  'metric.notReboxedRatePct': '免二次包装率（%）',
  'metric.reusableUnitsInService': '在用循环包装（个）',
  'metric.reuseCycles': '循环使用次数',
  'metric.co2eAvoidedKg': '减少的 CO₂e（千克）',
  'metric.creditsIssued': '发放积分',
  'metric.creditsRedeemed': '兑换积分',
  'metric.recyclingRatePct': '再生利用率（%）',
  'metric.verifiedReturns': '有效回收（件）',
  'axis.pct': '占比（%）',
  'axis.recoveryPct': '再生利用率（%）',
  'axis.fee': '费用（{currency}）',
  'axis.credits': '积分',
  'axis.units': '个 / 次',
  'axis.count': '包裹数 / 次',
  'axis.parcels': '包裹数',
  'series.recovery': '再生利用率',
  'series.target': '目标',
  'reg.recovery.title': '各生产者、各材料的再生利用率与目标（{period}）',
  'reg.recovery.note': '本期再生利用率排名前 {count} 的生产者；达到目标为绿色，低于目标 10 个百分点以内为琥珀色，更低为红色。',
  'reg.rankings.title': '排名（{period}）',
  'rank.PRODUCER': '生产者再生利用率排名（%）',
  'rank.PLATFORM': '平台免二次包装率排名（%）',
  'rank.COLLECTION_POINT': '回收方有效回收量排名（件）',
  'impact.kpis': '绿色成效（{period}）',
  'impact.trend.title': '近 12 个月的绿色成效',
  'prod.kpis': '本企业合规情况（{period}，规则 {ruleVersion}）',
  'prod.status': '合规状态',
  'prod.fee': '费用',
  'prod.greenFactor': '绿色费率系数',
  'prod.rank': '再生利用率排名',
  'rankOf': '第 {rank} 名 / 共 {count} 名',
  'prod.recovery.title': '各材料再生利用率与目标（{period}）',
  'prod.fees.title': '按材料和费率档的费用：费用调节（{period}）',
  'prod.fees.note': '红色档（不可回收）按基础费率的 1.2 倍收费，琥珀档按基础费率，绿色档按基础费率乘以本期绿色系数。',
  'prod.units.title': '近 12 个月在用循环包装与循环使用次数',
  'plat.kpis': '本平台结算情况（{period}）',
  'plat.rank': '免二次包装率排名',
  'plat.shares.title': '近 12 个月绿色包装选择占比与免二次包装率',
  'plat.shares.note': '绿色选择：使用商品原包装，或选择减量、绿色、可循环包装。',
  'plat.credits.title': '近 12 个月积分发放与兑换',
  'coll.kpis': '本回收方回收情况（{period}）',
  'coll.rank': '有效回收量排名',
  'coll.trend.title': '近 12 个月经本回收点返回的循环包装',
  'status.COMPLIANT': '达标',
  'status.AT_RISK': '有风险',
  'status.NON_COMPLIANT': '未达标',
  'band.GREEN': '绿色档',
  'band.AMBER': '琥珀档',
  'band.RED': '红色档',
  'material.ALUMINIUM': '铝',
  'material.FIBRE_COMPOSITE': '纤维复合材料',
  'material.GLASS': '玻璃',
  'material.PAPER_CARD': '纸和纸板',
  'material.PLASTIC': '塑料',
  'material.STEEL': '钢',
  'material.WOOD': '木材',
  'material.OTHER': '其他',
};

const messages: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The browser's preferred language when it is Chinese, else English. */
export function defaultLang(preferred: readonly string[]): Lang {
  const first = preferred[0]?.toLowerCase() ?? 'en';
  return first.startsWith('zh') ? 'zh-CN' : 'en';
}

export const isLang = (value: string | null): value is Lang => value === 'en' || value === 'zh-CN';

/** Strings and number formats of one language. */
export interface Translator {
  readonly lang: Lang;
  t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string;
  /** A message key built from an API value (`material.PLASTIC`); the raw value when the key is unknown. */
  label(prefix: string, value: string): string;
  number(value: number, fractionDigits?: number): string;
  /**
   * Minor units as the currency's major unit, with its symbol: 30 GBP minor units -> £0.30, 1500 JPY -> ¥1,500 (a yen
   * has no minor unit). Compact: £12K, for an axis or a narrow bar.
   */
  money(minor: number, currency: string, compact?: boolean): string;
  /** Minor units as major units, a plain number (for a column whose heading names the currency). */
  major(minor: number, currency: string): number;
  /** Grams as kilograms, three decimals. */
  kg(grams: number): string;
}

/** The digits of a currency's minor unit (2 for GBP and CNY, 0 for JPY), as Intl knows them. */
function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const toMajor = (minor: number, currency: string): number => minor / 10 ** minorDigits(currency);

export function translator(lang: Lang): Translator {
  const table = messages[lang];
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    const found = numberFormats.get(digits) ?? new Intl.NumberFormat(lang, { minimumFractionDigits: 0, maximumFractionDigits: digits });
    numberFormats.set(digits, found);
    return found;
  };
  const t = (key: MessageKey, params: Readonly<Record<string, string | number>> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  return {
    lang,
    t,
    label: (prefix, value) => {
      const key = `${prefix}.${value}`;
      return key in table ? table[key as MessageKey] : value;
    },
    number: (value, fractionDigits = 2) => numberFormat(fractionDigits).format(value),
    money: (minor, currency, compact = false) =>
      new Intl.NumberFormat(lang, { style: 'currency', currency, ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}) }).format(toMajor(minor, currency)),
    major: toMajor,
    kg: (grams) => new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(grams / 1000),
  };
}
