// `npm run admin -- <command>`: the operator CLI (scripts/admin/cli.ts). Needs a running GreenLoop.
import { runCli } from './admin/cli.js';

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
