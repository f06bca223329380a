import { isGreenChoice } from './green-level.js';
import { PACKAGING_CLASSES, type PackagingClass } from './packaging.js';
import { isPlainText } from './plain-text.js';
import { checkReference } from './references.js';
import { validationError, type UserError } from './user-error.js';

// A platform's campaigns: time-boxed, versioned extras on top of its earning rules (a Double-11 multiplier, a bonus
// for the first green choice, a bonus for each return in a week). Pure: which campaigns apply to a fact at a moment,
// and what each adds. The quote previews the same figures the ledger credits, and each entry names the campaigns.

export const CAMPAIGN_KINDS = ['MULTIPLIER', 'FIRST_GREEN_CHOICE_BONUS', 'RETURN_BONUS'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** One version of a campaign; a change is a new version of the same ref, never an edit. */
export interface Campaign {
  /** The platform's own name for it, e.g. `double-11-2026`. */
  readonly ref: string;
  readonly version: number;
  /** What the consumer is told, e.g. "Double 11". */
  readonly name: string;
  readonly kind: CampaignKind;
  /** It applies to facts at or after this instant and before `endsAtMs`. */
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  /** MULTIPLIER: the choice's credits times this / 100 (e.g. 200 doubles them); null otherwise. */
  readonly multiplierPct: number | null;
  /** The bonuses: credits added; null for MULTIPLIER. */
  readonly bonusCredits: number | null;
  /** MULTIPLIER: the packaging classes it multiplies (own packaging is REDUCED); empty for the bonuses. */
  readonly classes: readonly PackagingClass[];
}

/** The raw GraphQL `CampaignInput`. */
export interface CampaignInput {
  readonly campaignRef: string;
  readonly name: string;
  readonly kind: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly multiplierPct?: number | null;
  readonly bonusCredits?: number | null;
  readonly classes?: readonly string[] | null;
}

/** What one campaign added to one fact's credits. */
export interface CampaignCredit {
  readonly ref: string;
  readonly version: number;
  readonly name: string;
  readonly kind: CampaignKind;
  readonly credits: number;
}

/** A campaign lasts at most a year: it is a campaign, not a rule (rules are the platform's earning rules). */
export const CAMPAIGN_MAX_DAYS = 366;
export const MULTIPLIER_MAX_PCT = 1000;
export const BONUS_MAX_CREDITS = 10_000;
/** Campaigns a platform keeps (each with its versions): bounds what a quote looks at. */
export const CAMPAIGNS_PER_PLATFORM_MAX = 50;
const NAME_MAX = 100;
const DAY_MS = 24 * 3600 * 1000;
/** The classes a multiplier applies to when none are named: the green ones (own packaging is REDUCED). */
const GREEN_CLASSES: readonly PackagingClass[] = ['REDUCED', 'GREEN', 'REUSABLE'];
const MULTIPLIABLE: readonly PackagingClass[] = PACKAGING_CLASSES.filter((c) => c !== 'NON_COMPLIANT');

const isKind = (value: string): value is CampaignKind => (CAMPAIGN_KINDS as readonly string[]).includes(value);
const isWhole = (n: number, min: number, max: number) => Number.isSafeInteger(n) && n >= min && n <= max;

/** Checks a campaign whole; every problem at its field. */
export function parseCampaign(input: CampaignInput): { campaign: Omit<Campaign, 'version'>; errors: [] } | { campaign: null; errors: UserError[] } {
  const errors: UserError[] = [];
  const at = (field: string) => ['input', field];
  const refError = checkReference('campaignRef', input.campaignRef, at('campaignRef'));
  if (refError) errors.push(refError);
  const name = input.name.trim();
  if (name === '' || name.length > NAME_MAX || !isPlainText(name)) errors.push(validationError(at('name'), `name must be 1 to ${String(NAME_MAX)} characters of plain text`));
  if (!isKind(input.kind)) errors.push(validationError(at('kind'), `kind must be one of ${CAMPAIGN_KINDS.join(', ')}`));
  const startsAtMs = input.startsAt.getTime();
  const endsAtMs = input.endsAt.getTime();
  if (!(endsAtMs > startsAtMs)) errors.push(validationError(at('endsAt'), 'endsAt must be after startsAt'));
  else if (endsAtMs - startsAtMs > CAMPAIGN_MAX_DAYS * DAY_MS) errors.push(validationError(at('endsAt'), `a campaign lasts at most ${String(CAMPAIGN_MAX_DAYS)} days`));

  const multiplier = input.kind === 'MULTIPLIER';
  const multiplierPct = input.multiplierPct ?? null;
  const bonusCredits = input.bonusCredits ?? null;
  if (multiplier) {
    if (multiplierPct === null || !isWhole(multiplierPct, 101, MULTIPLIER_MAX_PCT)) errors.push(validationError(at('multiplierPct'), `a MULTIPLIER needs multiplierPct, a whole number from 101 to ${String(MULTIPLIER_MAX_PCT)} (200 doubles the credits)`));
    if (bonusCredits !== null) errors.push(validationError(at('bonusCredits'), 'a MULTIPLIER gives no bonusCredits'));
  } else if (isKind(input.kind)) {
    if (bonusCredits === null || !isWhole(bonusCredits, 1, BONUS_MAX_CREDITS)) errors.push(validationError(at('bonusCredits'), `a bonus needs bonusCredits, a whole number from 1 to ${String(BONUS_MAX_CREDITS)}`));
    if (multiplierPct !== null) errors.push(validationError(at('multiplierPct'), 'a bonus has no multiplierPct'));
    if ((input.classes ?? null) !== null) errors.push(validationError(at('classes'), 'only a MULTIPLIER names classes'));
  }
  const classes = input.classes ?? null;
  if (multiplier && classes !== null && (classes.length === 0 || classes.some((c) => !(MULTIPLIABLE as readonly string[]).includes(c)))) {
    errors.push(validationError(at('classes'), `classes must list at least one of ${MULTIPLIABLE.join(', ')}`));
  }
  if (errors.length > 0 || !isKind(input.kind)) return { campaign: null, errors };
  return {
    campaign: {
      ref: input.campaignRef,
      name,
      kind: input.kind,
      startsAtMs,
      endsAtMs,
      multiplierPct: multiplier ? multiplierPct : null,
      bonusCredits: multiplier ? null : bonusCredits,
      classes: multiplier ? MULTIPLIABLE.filter((c) => (classes ?? GREEN_CLASSES).includes(c)) : [],
    },
    errors: [],
  };
}

export const isActiveAt = (campaign: Campaign, atMs: number): boolean => campaign.startsAtMs <= atMs && atMs < campaign.endsAtMs;

const creditOf = (campaign: Campaign, credits: number): CampaignCredit => ({ ref: campaign.ref, version: campaign.version, name: campaign.name, kind: campaign.kind, credits });

/**
 * What the campaigns running at `atMs` add to a packaging choice that earns `baseCredits` (after the level's
 * multiplier): the highest multiplier for its class (multipliers do not stack), rounded down, and each
 * first-green-choice bonus when the choice is green and the consumer `mayBeFirst` (the ledger gives each such bonus
 * once per consumer). Campaigns adding nothing are left out.
 */
export function choiceCampaignCredits(
  campaigns: readonly Campaign[],
  choice: { readonly packagingClass: PackagingClass; readonly ownPackaging: boolean },
  baseCredits: number,
  atMs: number,
  mayBeFirst: boolean,
): CampaignCredit[] {
  const running = campaigns.filter((c) => isActiveAt(c, atMs));
  const credits: CampaignCredit[] = [];
  const multiplier = running
    .filter((c) => c.kind === 'MULTIPLIER' && c.classes.includes(choice.packagingClass))
    .reduce<Campaign | null>((best, c) => ((c.multiplierPct ?? 0) > (best?.multiplierPct ?? 0) ? c : best), null);
  const extra = multiplier ? Math.floor((baseCredits * (multiplier.multiplierPct ?? 100)) / 100) - baseCredits : 0;
  if (multiplier && extra > 0) credits.push(creditOf(multiplier, extra));
  if (mayBeFirst && isGreenChoice(choice)) {
    for (const c of running) if (c.kind === 'FIRST_GREEN_CHOICE_BONUS') credits.push(creditOf(c, c.bonusCredits ?? 0));
  }
  return credits;
}

/** What the campaigns running at `atMs` add to a return that earns credits: each return bonus. */
export function returnCampaignCredits(campaigns: readonly Campaign[], atMs: number): CampaignCredit[] {
  return campaigns.filter((c) => c.kind === 'RETURN_BONUS' && isActiveAt(c, atMs)).map((c) => creditOf(c, c.bonusCredits ?? 0));
}

/** How an entry names the campaigns in its credits, e.g. `; campaign Double 11 (double-11 v2) +6`. */
export function campaignsExplained(credits: readonly CampaignCredit[]): string {
  return credits.map((c) => `; campaign ${c.name} (${c.ref} v${String(c.version)}) +${String(c.credits)}`).join('');
}

/** How an entry names the quoted bonuses it did not get (another choice of the consumer took each first). */
export function campaignsWithheld(credits: readonly CampaignCredit[]): string {
  return credits.map((c) => `; ${c.name} (${c.ref} v${String(c.version)}) already given to an earlier choice`).join('');
}
