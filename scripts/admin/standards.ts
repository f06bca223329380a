import { readFile } from 'node:fs/promises';
import { REFERENCE_STANDARD } from '../../server/domain/standard.js';
import { ActivateStandardDocument, ActiveStandardDocument, type StandardInput } from '../generated/graphql.js';
import { requireNoUserErrors } from '../terminal/graphql-client.js';
import { UsageError, matching } from './command-line.js';
import type { AdminCommand } from './command.js';

/** A standard as a file holds it: meant to be a StandardInput, but only the API checks that. */
type StandardFile = Record<string, unknown> & { version?: unknown; effectiveFrom?: unknown };

const referenceInput = (): StandardFile => {
  const { reusable, ...rest } = REFERENCE_STANDARD;
  return { ...rest, reusableMinDesignedCycles: reusable.minDesignedCycles, reusableMinGrade: reusable.minGrade ?? null };
};

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A standard as the CLI prints it: the operations select its id (as every object's), which is no part of a StandardInput. */
const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> => rest;

export const showStandard: AdminCommand = {
  name: 'show-standard',
  summary: 'print the active standard as JSON, ready to edit into a new version for activate-standard',
  usage: 'show-standard',
  details: [],
  options: [],
  positionals: { min: 0, max: 0 },
  async run(context) {
    const standard = withoutId((await context.operator().request(ActiveStandardDocument)).standard);
    return { lines: [JSON.stringify(standard, null, 2)], json: standard };
  },
};

export const activateStandard: AdminCommand = {
  name: 'activate-standard',
  summary: 'store a new standard version and make it active; a job then re-classifies every packaging type',
  usage: `activate-standard <file.json | ${REFERENCE_STANDARD.version}> [--version <version>] [--effective-from <YYYY-MM-DD>] [--regulator-key <key>]`,
  details: [
    'The file holds a standard in the shape of the API\'s StandardInput: every threshold (show-standard prints the',
    `active one; edit it and give it a new version). ${REFERENCE_STANDARD.version} instead of a file activates the built-in reference`,
    'standard again. --version and --effective-from override the file\'s; effectiveFrom defaults to today (UTC) and may',
    'not lie in the future. A stored version is activated again only with the same thresholds.',
    '',
    'Standards are a regulator\'s act: the API takes activateStandard only from a REGULATOR organization\'s key, not the',
    'operator key. Give one with --regulator-key or REGULATOR_API_KEY (create-organization --kind REGULATOR makes one).',
  ],
  options: [
    { name: 'version', value: 'version', description: 'the version to store it under, e.g. GL-STD-2027.1' },
    { name: 'effective-from', value: 'YYYY-MM-DD', description: 'the date it applies from (default: the file\'s, else today)' },
    { name: 'regulator-key', value: 'key', description: 'a REGULATOR organization\'s API key (default: REGULATOR_API_KEY)' },
  ],
  positionals: { min: 1, max: 1 },
  async run(context, args) {
    const source = args.positionals[0] ?? '';
    const regulatorKey = args.options.get('regulator-key') ?? context.env.REGULATOR_API_KEY;
    if (!regulatorKey) {
      throw new UsageError('activating a standard needs a REGULATOR organization\'s key (the API refuses the operator key): pass --regulator-key <key> or set REGULATOR_API_KEY', 'activate-standard');
    }
    const effectiveFrom = matching(args, 'effective-from', /^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD', 'activate-standard');
    let standard: StandardFile;
    if (source === REFERENCE_STANDARD.version) {
      standard = referenceInput();
    } else {
      let text: string;
      try {
        text = await readFile(source, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`, 'activate-standard');
      }
      try {
        standard = JSON.parse(text) as StandardFile;
      } catch (error) {
        throw new UsageError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`, 'activate-standard');
      }
      if (typeof standard !== 'object' || Array.isArray(standard)) throw new UsageError(`${source} must hold one JSON object, a StandardInput`, 'activate-standard');
    }
    const input: StandardFile = {
      ...standard,
      version: args.options.get('version') ?? standard.version,
      effectiveFrom: effectiveFrom ?? (typeof standard.effectiveFrom === 'string' ? standard.effectiveFrom : todayUtc()),
    };
    if (typeof input.version !== 'string' || input.version.trim() === '') throw new UsageError(`${source} names no version: add "version" or pass --version`, 'activate-standard');

    // The file's object goes as it is: the API checks it against StandardInput (a VALIDATION error names the field).
    const data = await context.as(regulatorKey).request(ActivateStandardDocument, { input: input as StandardInput });
    requireNoUserErrors(data.activateStandard, 'activateStandard');
    const stored = data.activateStandard.standard;
    if (!stored) throw new Error('activateStandard answered without the standard');
    const activated = withoutId(stored);
    return {
      lines: [
        `Activated standard ${activated.version} (effective from ${activated.effectiveFrom}).`,
        'A job now re-classifies every packaging type under it; each packagingType\'s classification.standardVersion shows when it is done.',
      ],
      json: { standard: activated },
    };
  },
};
