import type { GraphQLClient } from '../terminal/graphql-client.js';
import type { Output } from '../terminal/progress.js';
import type { OptionSpec, ParsedArguments } from './command-line.js';

/** What a command has to work with. */
export interface CommandContext {
  /** The operator's client (the ADMIN_API_KEY); read when first used, so `--help` needs no key. */
  operator(): GraphQLClient;
  /** A client calling with another key (a regulator's, for standards). */
  as(key: string): GraphQLClient;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where progress goes (stderr), so stdout holds only the result. */
  readonly progress: Output;
}

/** A command's answer: lines for a person, a value for `--json`. */
export interface CommandResult {
  readonly lines: readonly string[];
  readonly json: unknown;
}

export interface AdminCommand {
  readonly name: string;
  readonly summary: string;
  /** The synopsis after `npm run admin -- `. */
  readonly usage: string;
  /** Paragraphs of help below the options. */
  readonly details: readonly string[];
  readonly options: readonly OptionSpec[];
  readonly positionals: { readonly min: number; readonly max: number };
  run(context: CommandContext, args: ParsedArguments): Promise<CommandResult>;
}

export const ORGANIZATION_ID = /^[a-f0-9]{24}$/i;
export const KEY_ID = /^[a-f0-9]{16}$/;
