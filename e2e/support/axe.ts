import type { Page, TestInfo } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** One rule axe-core found broken, with the elements that break it. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  /** Each element: its selector and the start of its HTML. */
  targets: string[];
}

interface AxeResults {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: unknown[]; html: string }>;
  }>;
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now. The script is
 * added as an inline <script>: the context needs `bypassCSP`, since Aerie's CSP allows only its
 * own scripts. Every violation is kept as `axe-<name>.json` in the test's output directory and
 * attached to the report.
 */
export async function audit(page: Page, testInfo: TestInfo, name: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
  )) as AxeResults;
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => `${n.target.map(String).join(' ')} ${n.html.slice(0, 160)}`),
  }));
  const body = JSON.stringify(violations, null, 2);
  await writeFile(testInfo.outputPath(`axe-${name}.json`), body);
  await testInfo.attach(`axe-${name}.json`, { body, contentType: 'application/json' });
  return violations;
}

/** One line per violation, for a readable failure message and the log. */
export const describeViolations = (violations: readonly Violation[]): string =>
  violations
    .map((v) => `${v.impact ?? '?'} ${v.id} (${v.help}): ${v.targets.slice(0, 5).join(', ')}`)
    .join('\n');
