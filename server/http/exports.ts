import type { Request, Response } from 'express';
import { Types } from 'mongoose';
import type { OrganizationDoc } from '../db/models/organization.js';
import { EPR_RULES } from '../domain/epr.js';
import { exportCsv } from '../domain/epr-export.js';
import { PERIOD_FORMAT, parsePeriod, type Period } from '../domain/period.js';
import type { Principal } from '../services/identity.js';
import type { Services } from '../services/index.js';
import { callerOf } from './authentication.js';

type Refusal = { readonly status: number; readonly code: string; readonly message: string };
type Granted = { readonly producer: OrganizationDoc; readonly period: Period };

/** Who may export what: a producer its own data, a regulator any producer's (named by `producerId`). */
async function authorize(services: Services, req: Request<{ period: string }>, principal: Principal | null): Promise<Refusal | Granted> {
  if (!principal) return { status: 401, code: 'UNAUTHENTICATED', message: 'Send an organization API key as "Authorization: Bearer <key>".' };
  const caller = principal.kind === 'ORGANIZATION' ? principal.organization : null;
  if (caller?.kind !== 'PRODUCER' && caller?.kind !== 'REGULATOR') {
    return { status: 403, code: 'FORBIDDEN', message: 'Only producers (their own data) and regulators may export producer data.' };
  }
  const period = parsePeriod(req.params.period);
  if (!period) return { status: 400, code: 'BAD_USER_INPUT', message: `period must be ${PERIOD_FORMAT}` };
  const asked = typeof req.query.producerId === 'string' ? req.query.producerId : null;
  if (caller.kind === 'PRODUCER') {
    return asked === null || asked === caller._id.toHexString() ? { producer: caller, period } : { status: 403, code: 'FORBIDDEN', message: 'A producer exports only its own data.' };
  }
  const producer = asked !== null && Types.ObjectId.isValid(asked) ? (await services.identity.organizationsByIds([new Types.ObjectId(asked)]))[0] : undefined;
  return producer?.kind === 'PRODUCER' ? { producer, period } : { status: 400, code: 'BAD_USER_INPUT', message: 'producerId must name a producer' };
}

/**
 * GET /exports/producer-data/:period.csv: a producer's packaging placed on the market in a period, per type. The
 * caller was authenticated by `authenticateCaller`.
 */
export function producerDataExport(services: Services) {
  return async (req: Request<{ period: string }>, res: Response): Promise<void> => {
    const access = await authorize(services, req, callerOf(res).principal);
    if ('status' in access) {
      res.status(access.status).json({ errors: [{ message: access.message, extensions: { code: access.code } }] });
      return;
    }
    const { producer, period } = access;
    const placements = await services.compliance.placements(producer._id, period);
    const csv = exportCsv({ id: producer._id.toHexString(), name: producer.name }, period.key, EPR_RULES.version, placements.map((p) => ({
      packagingTypeId: p.packagingTypeId.toHexString(), sku: p.sku, revision: p.revision, packagingClass: p.packagingClass,
      material: p.material, grade: p.grade, rag: EPR_RULES.ragByGrade[p.grade], units: p.units, massGrams: p.massGrams,
    })));
    res.status(200)
      .set('content-type', 'text/csv; charset=utf-8')
      .set('content-disposition', `attachment; filename="greenloop-producer-data-${period.key}.csv"`)
      .send(csv);
  };
}
