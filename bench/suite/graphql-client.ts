// A GraphQL client for the load drivers: node:http on kept-alive connections, as autocannon holds them. Cheaper per
// request than fetch, which matters when the driver shares two cores with the service and the store at 1,000 req/s.
import { Agent, request } from 'node:http';
import { dataOf, requestBody, type TypedDocumentString } from '../graphql-operations.js';

export interface GraphqlClient {
  /** POSTs one operation; returns its typed `data`, or throws on a non-200 answer or any GraphQL error. */
  post<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult>;
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
    async post(document, variables) {
      const { status, text } = await send(requestBody(document, variables));
      return dataOf(document, status, text);
    },
    close() {
      agent.destroy();
    },
  };
}
