/**
 * Golden files for render tests. A test compares a rendered value with `__golden__/<name>.json`
 * next to it and fails when they differ. Run with `UPDATE_GOLDEN=1` to (re)write the files after a
 * deliberate change, then review the diff like code:
 *
 *   UPDATE_GOLDEN=1 npx nx run @aerie/outputs:test
 *
 * A missing golden file is an error unless UPDATE_GOLDEN is set, so CI never passes vacuously.
 * Files are compared as JSON values, not as text, so `prettier --write` on them changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { HttpMessage } from '../output.js';

export const UPDATING_GOLDEN = process.env['UPDATE_GOLDEN'] === '1';

/** Compares `value` (as pretty JSON) with the golden file `<dir of testUrl>/__golden__/<name>.json`. */
export function expectGolden(testUrl: string, name: string, value: unknown): void {
  const file = join(dirname(fileURLToPath(testUrl)), '__golden__', `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (UPDATING_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`golden file ${file} is missing: run the tests with UPDATE_GOLDEN=1`);
  }
  const expected: unknown = JSON.parse(readFileSync(file, 'utf8'));
  expect(
    JSON.parse(text),
    `render differs from ${name}.json (UPDATE_GOLDEN=1 rewrites it)`,
  ).toStrictEqual(expected);
}

/** An HTTP message with its JSON body parsed, so golden files are readable and diff well. */
export function goldenMessage(message: HttpMessage): unknown {
  return { ...message, body: JSON.parse(message.body) as unknown };
}
