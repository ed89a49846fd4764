import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The npm workspace root: the nearest ancestor of this file whose package.json declares
 * `workspaces` — found from the code's own location so it works from src/ (vitest) and dist/.
 */
export function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && /"workspaces"\s*:/.test(readFileSync(manifest, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(
        'repository root not found (no package.json with "workspaces" above this file)',
      );
    dir = parent;
  }
}
