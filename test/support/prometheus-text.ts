/** One sample of Prometheus' text exposition format: `name{label="value",...} number`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    if (line === '' || line.startsWith('#')) return [];
    const match = LINE.exec(line);
    if (!match?.[1]) throw new Error(`not an exposition line: ${line}`);
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c))]));
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

/** The samples named `name` whose labels include `labels`. */
export function samplesOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample named `name` with exactly these labels (le aside); undefined when there is none. */
export function valueOf(samples: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  const found = samplesOf(samples, name, labels).filter((s) => Object.keys(s.labels).length === Object.keys(labels).length);
  if (found.length > 1) throw new Error(`${String(found.length)} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
