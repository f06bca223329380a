import { expect } from 'chai';
import { createLogger, scrubLogLine } from '../../server/logger.js';

const API_KEY = 'glk_0123456789abcdef_' + 'A'.repeat(43);
const ACCOUNT = '6b0c9dcf882bf771e6dda519:zoe-liang-42';

/** A logger writing into an array, as the service's logger writes to stdout. */
function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createLogger('trace', 'test', { secrets, destination: { write: (line: string) => { lines.push(line); } } });
  return { logger, lines, text: () => lines.join('') };
}

describe('logs: no keys, addresses or consumer refs', () => {
  it('scrubs API keys, mail addresses, consumer refs in account ids, duplicate-key values and configured secrets', () => {
    const line = JSON.stringify({
      msg: `key ${API_KEY} for ann.lee@example.com on ${ACCOUNT}:3`,
      err: { message: `E11000 duplicate key error collection: t.credit_entries index: _id_ dup key: { _id: "${ACCOUNT}:3" }` },
      admin: 'an "operator" key\\ that is long',
    });
    const scrubbed = scrubLogLine(line, ['an "operator" key\\ that is long']);
    const parsed = JSON.parse(scrubbed) as { msg: string; err: { message: string }; admin: string };
    expect(parsed.msg).to.equal('key glk_[redacted] for [email] on 6b0c9dcf882bf771e6dda519:[consumer]');
    expect(parsed.err.message).to.equal('E11000 duplicate key error collection: t.credit_entries index: _id_ dup key: [redacted]');
    expect(parsed.admin).to.equal('[redacted]');
    for (const needle of [API_KEY, 'ann.lee', 'zoe-liang', 'operator']) expect(scrubbed).not.to.contain(needle);
  });

  it('leaves ordinary lines alone', () => {
    const line = JSON.stringify({ level: 30, reqId: 'req-abc.123', url: '/graphql', msg: 'request completed', mailId: '6b0c9dcf882bf771e6dda519' });
    expect(scrubLogLine(line, ['a-secret-that-is-absent'])).to.equal(line);
  });

  it('redacts fields that carry keys, addresses and consumer refs, and scrubs error messages, in what the logger writes', () => {
    const { logger, lines, text } = capture(['the-operator-key-0123456789']);
    logger.info({ apiKey: API_KEY, consumerRef: 'zoe-liang-42', contact: { email: 'zoe@example.com', consumerRef: 'zoe-liang-42' }, req: { headers: { authorization: 'Bearer the-operator-key-0123456789' } } }, 'fields');
    const duplicate = Object.assign(new Error(`E11000 duplicate key error dup key: { _id: "${ACCOUNT}:7" }`), { keyValue: { _id: `${ACCOUNT}:7` } });
    logger.error({ err: duplicate }, 'job failed');
    logger.warn(`mail to zoe@example.com with ${API_KEY} refused`);
    expect(lines).to.have.length(3);
    for (const line of lines) JSON.parse(line);
    for (const needle of [API_KEY, 'zoe-liang', 'zoe@example.com', 'the-operator-key']) expect(text(), needle).not.to.contain(needle);
    expect(text()).to.contain('job failed').and.contain('[redacted]');
  });
});
