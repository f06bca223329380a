// `npm run chaos`: mocha with the chaos suite's own configuration (.mocharc.chaos.json), its output passed through,
// then mocha's summary once more in the plain form CI reads: "N passed, N failed".
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mocha = spawn(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', join(root, '.mocharc.chaos.json'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
});
let output = '';
mocha.stdout.on('data', (chunk: Buffer) => {
  output += chunk.toString();
  process.stdout.write(chunk);
});
mocha.on('exit', (code, signal) => {
  const count = (word: string) => Number(new RegExp(`^\\s*(\\d+) ${word}`, 'm').exec(output)?.[1] ?? 0);
  const passed = count('passing');
  const failed = count('failing');
  process.stdout.write(`${String(passed)} passed, ${String(failed)} failed\n`);
  process.exit((code ?? (signal ? 1 : 0)) || (passed === 0 ? 1 : 0));
});
