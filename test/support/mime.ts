// Reads a message as the SMTP sink received it, enough to check what a mail client would show: the decoded subject
// and each part of a multipart/alternative body (base64, quoted-printable or 7bit, UTF-8). Not a general MIME parser.

export interface MimePart {
  readonly contentType: string;
  readonly body: string;
}

export interface ParsedMail {
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  /** `multipart/alternative`, `text/plain`, ... (without parameters). */
  readonly contentType: string;
  /** The leaf parts in order; a single-part message is one part. */
  readonly parts: readonly MimePart[];
  /** The text/plain part, decoded; undefined without one. */
  readonly text: string | undefined;
  /** The text/html part, decoded; undefined without one. */
  readonly html: string | undefined;
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? '' : normalized.slice(end + 2);
  const headers = new Map<string, string>();
  // Folded lines continue the header above them.
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 encoded words; adjacent words are joined as bytes first (a character may straddle two). */
function decodeHeader(value: string): string {
  const words = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;
  const out: string[] = [];
  let bytes: Buffer[] = [];
  let last = 0;
  const flush = () => {
    if (bytes.length > 0) out.push(Buffer.concat(bytes).toString('utf8'));
    bytes = [];
  };
  for (let match = words.exec(value); match; match = words.exec(value)) {
    const between = value.slice(last, match.index);
    if (between.trim() !== '' || bytes.length === 0) {
      flush();
      out.push(between);
    }
    const [, , encoding = 'B', text = ''] = match;
    bytes.push(encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1'));
    last = match.index + match[0].length;
  }
  flush();
  out.push(value.slice(last));
  return out.join('');
}

function decodeBody(body: string, transferEncoding: string): string {
  switch (transferEncoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const soft = body.replace(/=\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < soft.length; i += 1) {
        const hex = soft[i] === '=' ? /^[0-9A-Fa-f]{2}/.exec(soft.slice(i + 1, i + 3))?.[0] : undefined;
        if (hex) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(...Buffer.from(soft[i] ?? '', 'utf8'));
        }
      }
      return Buffer.from(bytes).toString('utf8');
    }
    default:
      return body;
  }
}

const typeOf = (headers: ReadonlyMap<string, string>) => (headers.get('content-type') ?? 'text/plain').split(';')[0]?.trim().toLowerCase() ?? 'text/plain';

function leaves(headers: ReadonlyMap<string, string>, body: string): MimePart[] {
  const contentType = typeOf(headers);
  if (!contentType.startsWith('multipart/')) {
    return [{ contentType, body: decodeBody(body, headers.get('content-transfer-encoding') ?? '7bit') }];
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  if (!boundary) throw new Error('a multipart message without a boundary');
  const sections = body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => {
      const part = splitHead(section.replace(/^\n/, ''));
      return leaves(part.headers, part.body.replace(/\n$/, ''));
    });
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHead(raw);
  const parts = leaves(headers, body);
  return {
    headers,
    subject: decodeHeader(headers.get('subject') ?? ''),
    contentType: typeOf(headers),
    parts,
    text: parts.find((p) => p.contentType === 'text/plain')?.body,
    html: parts.find((p) => p.contentType === 'text/html')?.body,
  };
}
