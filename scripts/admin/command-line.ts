// Arguments of the operator CLI: `--name value` or `--name=value` options, boolean flags, positionals. Anything the
// command does not know, or a value that is missing or malformed, is a UsageError: exit code 2 and a message saying
// what to type instead.

/** A mistake in the command line (exit code 2), as opposed to a refusal by the API (exit code 1). */
export class UsageError extends Error {
  constructor(message: string, readonly command: string | null = null) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  readonly name: string;
  /** Shown in help as `--name <placeholder>`; a flag (no value) when absent. */
  readonly value?: string;
  readonly required?: boolean;
  readonly description: string;
}

export interface ParsedArguments {
  readonly options: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'url', value: 'url', description: 'the GraphQL endpoint (default: GREENLOOP_URL, else http://127.0.0.1:4000/graphql)' },
  { name: 'json', description: 'print the result as JSON on stdout (progress still goes to stderr)' },
  { name: 'help', description: 'show this help' },
];

export function parseArguments(command: string, args: readonly string[], specs: readonly OptionSpec[], positionals: { min: number; max: number }): ParsedArguments {
  const known = new Map([...specs, ...GLOBAL_OPTIONS].map((s) => [s.name, s]));
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '-h') {
      flags.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      rest.push(arg);
      continue;
    }
    const [rawName = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const spec = known.get(rawName);
    if (!spec) throw new UsageError(`unknown option --${rawName}`, command);
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`, command);
      flags.add(spec.name);
      continue;
    }
    const value = inline ?? args[i + 1];
    if (inline === undefined) i += 1;
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${spec.name} needs a value: --${spec.name} <${spec.value}>`, command);
    if (options.has(spec.name)) throw new UsageError(`--${spec.name} is given twice`, command);
    options.set(spec.name, value);
  }
  if (flags.has('help')) return { options, flags, positionals: rest };
  for (const spec of specs) {
    if (spec.required && !options.has(spec.name)) throw new UsageError(`--${spec.name} <${spec.value ?? ''}> is required`, command);
  }
  if (rest.length < positionals.min) throw new UsageError(`missing argument${positionals.min - rest.length > 1 ? 's' : ''}`, command);
  if (rest.length > positionals.max) throw new UsageError(`unexpected argument "${rest[positionals.max] ?? ''}"`, command);
  return { options, flags, positionals: rest };
}

/** An option's value checked against a pattern, or a UsageError naming the option and what it expects. */
export function matching(parsed: ParsedArguments, name: string, pattern: RegExp, expected: string, command: string): string | undefined {
  const value = parsed.options.get(name);
  if (value === undefined) return undefined;
  if (!pattern.test(value)) throw new UsageError(`--${name} must be ${expected} (got "${value}")`, command);
  return value;
}

/** A whole number option within bounds. */
export function wholeNumber(parsed: ParsedArguments, name: string, min: number, max: number, command: string): number | undefined {
  const value = matching(parsed, name, /^\d+$/, `a whole number from ${String(min)} to ${String(max)}`, command);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`--${name} must be a whole number from ${String(min)} to ${String(max)} (got ${value})`, command);
  return number;
}
