import type { Request, Response } from 'express';
import { Types } from 'mongoose';
import { exportCsv } from '../domain/epr-export.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from '../domain/period.js';
import {
  UK_PERIOD_FORMAT, eprOrganisationId, ukPackagingDataCsv, ukPackagingDataRows, ukSubmissionOf, type UkPlacement, type UkSubmission,
} from '../domain/uk-packaging-data.js';
import type { OrganizationView, Principal } from '../services/identity.js';
import type { Services } from '../services/index.js';
import { callerOf } from './authentication.js';

type Refusal = { readonly status: number; readonly code: string; readonly message: string };
type Granted<P> = { readonly producer: OrganizationView; readonly period: P };

/** How an export reads the period in its path, and the form it names when the period does not read. */
interface PeriodReader<P> {
  readonly read: (value: string) => P | null;
  readonly format: string;
}

/**
 * Who may export what, for every export: a producer its own data, a regulator any producer's (named by
 * `producerId`); nobody else. Refusals in this order: no key 401, another kind of caller 403, a period the export
 * cannot read 400, another producer's data asked by a producer 403, a regulator naming no producer 400.
 */
async function authorize<P>(services: Services, req: Request<{ period: string }>, principal: Principal | null, periods: PeriodReader<P>): Promise<Refusal | Granted<P>> {
  if (!principal) return { status: 401, code: 'UNAUTHENTICATED', message: 'Send an organization API key as "Authorization: Bearer <key>".' };
  const caller = principal.kind === 'ORGANIZATION' ? principal.organization : null;
  if (caller?.kind !== 'PRODUCER' && caller?.kind !== 'REGULATOR') {
    return { status: 403, code: 'FORBIDDEN', message: 'Only producers (their own data) and regulators may export producer data.' };
  }
  const period = periods.read(req.params.period);
  if (period === null) return { status: 400, code: 'BAD_USER_INPUT', message: `period must be ${periods.format}` };
  const asked = typeof req.query.producerId === 'string' ? req.query.producerId : null;
  if (caller.kind === 'PRODUCER') {
    return asked === null || asked === caller._id.toHexString() ? { producer: caller, period } : { status: 403, code: 'FORBIDDEN', message: 'A producer exports only its own data.' };
  }
  const producer = asked !== null && Types.ObjectId.isValid(asked) ? (await services.identity.organizationsByIds([new Types.ObjectId(asked)]))[0] : undefined;
  return producer?.kind === 'PRODUCER' ? { producer, period } : { status: 400, code: 'BAD_USER_INPUT', message: 'producerId must name a producer' };
}

function refuse(res: Response, refusal: Refusal): void {
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}

function sendCsv(res: Response, fileName: string, csv: string): void {
  res.status(200)
    .set('content-type', 'text/csv; charset=utf-8')
    .set('content-disposition', `attachment; filename="${fileName}"`)
    .send(csv);
}

const GREENLOOP_PERIODS: PeriodReader<Period> = { read: parsePeriod, format: PERIOD_FORMAT };

/**
 * GET /exports/producer-data/:period.csv: a producer's packaging placed on the market in a period, per type. The
 * caller was authenticated by `authenticateCaller`.
 */
export function producerDataExport(services: Services) {
  return async (req: Request<{ period: string }>, res: Response): Promise<void> => {
    const access = await authorize(services, req, callerOf(res).principal, GREENLOOP_PERIODS);
    if ('status' in access) {
      refuse(res, access);
      return;
    }
    const { producer, period } = access;
    const placements = await services.compliance.placements(producer._id, period);
    const rules = await services.ruleSets.epr();
    const csv = exportCsv({ id: producer._id.toHexString(), name: producer.name }, period.key, rules.version, placements.map((p) => ({
      packagingTypeId: p.packagingTypeId.toHexString(), sku: p.sku, revision: p.revision, packagingClass: p.packagingClass,
      material: p.material, grade: p.grade, rag: rules.ragByGrade[p.grade], units: p.units, massGrams: p.massGrams,
    })));
    sendCsv(res, `greenloop-producer-data-${period.key}.csv`, csv);
  };
}

/** The periods the UK file has: a half-year (a large organisation's file) or a year (a small one's), from 2025. */
const UK_PERIODS: PeriodReader<{ period: Period; submission: UkSubmission }> = {
  read: (value) => {
    const submission = ukSubmissionOf(value);
    const period = submission ? parsePeriod(value) : null;
    return submission && period ? { period, submission } : null;
  },
  format: UK_PERIOD_FORMAT,
};

/**
 * GET /exports/uk-packaging-data/:period.csv: a producer's placements in the period as the UK packaging data file
 * (server/domain/uk-packaging-data.ts says which specification and how each column is filled). Authorized like the
 * producer data export; a producer without a 6-digit EPR organisation ID gets 409 EPR_ORGANISATION_ID_MISSING.
 */
export function ukPackagingDataExport(services: Services) {
  return async (req: Request<{ period: string }>, res: Response): Promise<void> => {
    const access = await authorize(services, req, callerOf(res).principal, UK_PERIODS);
    if ('status' in access) {
      refuse(res, access);
      return;
    }
    const { producer, period: { period, submission } } = access;
    const organisation = eprOrganisationId(producer);
    if ('problem' in organisation) {
      refuse(res, { status: 409, code: 'EPR_ORGANISATION_ID_MISSING', message: organisation.problem });
      return;
    }
    const placements = await services.compliance.placements(producer._id, period);
    const revisions = await services.catalog.packagingTypeRevisions(placements);
    const rules = await services.ruleSets.epr();
    const formatOf = new Map(revisions.map((r) => [`${r.packagingTypeId.toHexString()}:${String(r.revision)}`, r.spec.format]));
    const rows = ukPackagingDataRows(organisation.id, submission, placements.map((p): UkPlacement => {
      const key = `${p.packagingTypeId.toHexString()}:${String(p.revision)}`;
      const format = formatOf.get(key);
      // Revisions are insert-only, so a placement's revision is always there; a file is never guessed without it.
      if (!format) throw new Error(`packaging type revision ${key} is missing`);
      return { material: p.material, packagingClass: p.packagingClass, format, rag: rules.ragByGrade[p.grade], units: p.units, massGrams: p.massGrams };
    }));
    sendCsv(res, `uk-packaging-data-${organisation.id}-${submission.submissionPeriod}.csv`, ukPackagingDataCsv(rows));
  };
}
