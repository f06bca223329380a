// The operator CLI's dispatcher: finds the command, parses its arguments, runs it against the service and maps the
// outcome to an exit code: 0 done, 1 refused or failed (the API's code is printed), 2 a mistake in the command line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, createGraphQLClient, type GraphQLClient } from '../terminal/graphql-client.js';
import type { Output } from '../terminal/progress.js';
import { rotateKey, revokeKey } from './api-keys.js';
import { GLOBAL_OPTIONS, UsageError, parseArguments, type OptionSpec } from './command-line.js';
import type { AdminCommand, CommandContext } from './command.js';
import { recomputeCompliance } from './compliance.js';
import { createOrganization, listKeys } from './organizations.js';
import { activateStandard, showStandard } from './standards.js';

export const COMMANDS: readonly AdminCommand[] = [createOrganization, listKeys, rotateKey, revokeKey, showStandard, activateStandard, recomputeCompliance];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';
const KEY_FILE = join(root, '.data', 'admin-api-key');

export interface CliIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const optionLine = (o: OptionSpec) => `  --${o.name}${o.value ? ` <${o.value}>` : ''}`.padEnd(34) + o.description;

function overview(): string {
  return [
    'GreenLoop operator CLI: talks to a running GreenLoop over GraphQL with the operator key.',
    '',
    'Usage: npm run admin -- <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(22)}${c.summary}`),
    '',
    'Options for every command:',
    ...GLOBAL_OPTIONS.map(optionLine),
    '',
    `The service: GREENLOOP_URL or --url (default ${DEFAULT_URL}); the key: ADMIN_API_KEY, else .data/admin-api-key`,
    '(written by npm start). Run `npm run admin -- <command> --help` for a command\'s options.',
    'Exit codes: 0 done; 1 the API refused or a job failed (its code is printed); 2 a mistake in the command line.',
  ].join('\n');
}

function help(command: AdminCommand): string {
  return [
    `${command.name}: ${command.summary}`,
    '',
    `Usage: npm run admin -- ${command.usage}`,
    '',
    'Options:',
    ...[...command.options, ...GLOBAL_OPTIONS].map(optionLine),
    ...(command.details.length > 0 ? ['', ...command.details] : []),
  ].join('\n');
}

function graphqlUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`the service URL "${given}" is not a URL (set GREENLOOP_URL or --url, e.g. ${DEFAULT_URL})`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/graphql';
  return url.toString();
}

function operatorKey(env: CliIo['env']): string {
  const given = env.ADMIN_API_KEY?.trim();
  if (given) return given;
  if (existsSync(KEY_FILE)) return readFileSync(KEY_FILE, 'utf8').trim();
  throw new UsageError('no operator key: set ADMIN_API_KEY, or run npm start once (it writes .data/admin-api-key)');
}

/** Runs one command line; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const say = (out: Output, text: string) => { out.write(text.endsWith('\n') ? text : `${text}\n`); };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const about = name === 'help' && rest[0] ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    // Asked for help: stdout, exit 0. No command at all: the same text as a usage error.
    say(name === undefined ? io.stderr : io.stdout, about ? help(about) : overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
    const args = parseArguments(command.name, rest, command.options, command.positionals);
    if (args.flags.has('help')) {
      say(io.stdout, help(command));
      return 0;
    }
    const url = graphqlUrl(args.options.get('url') ?? io.env.GREENLOOP_URL ?? DEFAULT_URL);
    let operator: GraphQLClient | null = null;
    const context: CommandContext = {
      operator: () => (operator ??= createGraphQLClient(url, operatorKey(io.env))),
      as: (key) => createGraphQLClient(url, key),
      env: io.env,
      progress: io.stderr,
    };
    const result = await command.run(context, args);
    say(io.stdout, args.flags.has('json') ? JSON.stringify(result.json, null, 2) : result.lines.join('\n'));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      say(io.stderr, `error: ${error.message}`);
      say(io.stderr, error.command ? `Usage: npm run admin -- ${COMMANDS.find((c) => c.name === error.command)?.usage ?? error.command}  (--help for more)` : 'Run `npm run admin -- --help` for the commands.');
      return 2;
    }
    if (error instanceof ApiError) {
      say(io.stderr, `error: ${error.describe()}`);
      if (error.code === 'UNREACHABLE') say(io.stderr, 'Is GreenLoop running? Start it with `npm start`, or point GREENLOOP_URL at it.');
      if (error.code === 'UNAUTHENTICATED') say(io.stderr, 'The key was refused: check ADMIN_API_KEY (or .data/admin-api-key) against the service\'s.');
      return 1;
    }
    say(io.stderr, `error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
