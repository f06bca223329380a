import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import { Types } from 'mongoose';
import { bearerToken } from '../../graphql/context.js';
import type { ParcelInput } from '../../server/domain/parcel-fit.js';
import type { Services } from '../../server/services/index.js';

export interface BareServer {
  readonly url: string;
  close(): Promise<void>;
}

type QuoteBody = { parcel: ParcelInput; consumerRef: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function quoteBody(body: unknown): QuoteBody | null {
  if (!isRecord(body) || typeof body.consumerRef !== 'string' || !isRecord(body.parcel)) return null;
  const { lengthMm, widthMm, heightMm, weightGrams, shipsInOwnPackaging } = body.parcel;
  if (typeof lengthMm !== 'number' || typeof widthMm !== 'number' || typeof heightMm !== 'number' || typeof weightGrams !== 'number') return null;
  if (shipsInOwnPackaging !== undefined && shipsInOwnPackaging !== null && typeof shipsInOwnPackaging !== 'boolean') return null;
  return { parcel: { lengthMm, widthMm, heightMm, weightGrams, shipsInOwnPackaging }, consumerRef: body.consumerRef };
}

/**
 * The reference the GraphQL route is measured against: the same store work as `packagingOptions` (authenticate,
 * quote, one batched packaging-type read) and the same reply fields, with no GraphQL, Apollo or request log.
 */
export function createBareApp(services: Services): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.post('/bare/quote', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    const principal = await services.identity.authenticate(bearerToken(req.headers.authorization));
    if (principal?.kind !== 'ORGANIZATION' || principal.organization.kind !== 'PLATFORM') {
      res.status(401).json({ error: 'a PLATFORM key is required' });
      return;
    }
    const body = quoteBody(req.body);
    if (!body) {
      res.status(400).json({ error: 'expected { parcel, consumerRef }' });
      return;
    }
    const outcome = await services.checkout.quote(principal.organization._id, body.parcel, body.consumerRef);
    if (!outcome.ok) {
      res.status(400).json({ errors: outcome.errors });
      return;
    }
    const quote = outcome.value;
    const ids = [...new Set(quote.options.flatMap((o) => (o.packagingTypeId ? [o.packagingTypeId.toHexString()] : [])))];
    const types = ids.length === 0 ? [] : await services.catalog.packagingTypesByIds(ids.map((id) => new Types.ObjectId(id)));
    const skuById = new Map(types.map((t) => [t._id.toHexString(), t.sku]));
    const quoteId = quote._id.toHexString();
    res.json({
      id: quoteId,
      expiresAt: quote.expiresAt.toISOString(),
      options: quote.options.map((o) => {
        const typeId = o.packagingTypeId?.toHexString() ?? null;
        const sku = typeId === null ? undefined : skuById.get(typeId);
        return {
          // The API's option id, as the PackagingOption.id resolver makes it: unique across quotes.
          id: `${quoteId}:${o.id}`,
          packagingClass: o.packagingClass,
          packagingType: typeId !== null && sku !== undefined ? { id: typeId, sku } : null,
          priceMinor: o.priceMinor,
          depositMinor: o.depositMinor,
          currency: o.currency,
          credits: o.credits,
          emptySpaceRatio: o.emptySpaceRatio,
          recommended: o.recommended,
        };
      }),
    });
  });
  return app;
}

export async function startBareServer(services: Services): Promise<BareServer> {
  const server: Server = createServer(createBareApp(services));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/bare/quote`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => { resolve(); });
        server.closeAllConnections();
      }),
  };
}
