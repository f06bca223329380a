import type { Runtime } from 'node:inspector/promises';

/** `function (file:line)` of a profile's frame, the file relative to the project or its package; V8's own: the name. */
export function frameLabel(frame: Runtime.CallFrame, root: string): string {
  const { functionName, url, lineNumber } = frame;
  const file = url.replace(/^file:\/\//, '').replace(`${root}/`, '').replace(/^.*\/node_modules\//, '');
  const name = functionName === '' ? '(anonymous)' : functionName;
  return file === '' ? name : `${name} (${file}:${String(lineNumber + 1)})`;
}
