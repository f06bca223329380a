// A GraphQL client for the load drivers: node:http on kept-alive connections, as autocannon holds them. Cheaper per
// request than fetch, which matters when the driver shares two cores with the service and the store at 1,000 req/s.
import { Agent, request } from 'node:http';
import { isRecord } from '../pipeline/graphql-requests.js';

export interface GraphqlClient {
  /** POSTs one operation; returns `data`, or throws on a non-200 answer or any GraphQL error. */
  post(operationName: string, query: string, variables: object): Promise<Record<string, unknown>>;
  close(): void;
}

export function createGraphqlClient(graphqlUrl: string, apiKey: string, maxSockets: number): GraphqlClient {
  const url = new URL(graphqlUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${apiKey}` },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => { text += chunk; });
          res.on('end', () => { resolve({ status: res.statusCode ?? 0, text }); });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  return {
    async post(operationName, query, variables) {
      const { status, text } = await send(JSON.stringify({ operationName, query, variables }));
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new Error(`${operationName}: ${String(status)} with a body that is not JSON: ${text.slice(0, 300)}`);
      }
      if (status !== 200 || !isRecord(json) || json.errors !== undefined || !isRecord(json.data)) {
        // 429: the service's rate limit, which a benchmark turns off (bench/quote/stack.ts); anything else is a failure.
        throw new Error(`${operationName} failed (${String(status)}): ${text.slice(0, 500)}`);
      }
      return json.data;
    },
    close() {
      agent.destroy();
    },
  };
}
