import type { Output } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { outputOf } from './fixtures/outputs';
import { outputHealth } from './output-health.view';

const output = (enabled: boolean, health: Partial<Output['health']>): Output =>
  outputOf({ name: 'slack', enabled, health });

const state = (o: Output): string => outputHealth(o).state;

describe('outputHealth', () => {
  it('is ok when nothing failed since the last success', () => {
    expect(state(output(true, {}))).toBe('ok');
    expect(outputHealth(output(true, {})).detail).toBe('Nothing delivered yet.');
    expect(
      state(
        output(true, {
          last_error_at: '2026-05-01T10:00:00.000Z',
          last_success_at: '2026-05-01T10:00:01.000Z',
        }),
      ),
    ).toBe('ok');
  });

  it('is failing when the last attempt failed', () => {
    expect(state(output(true, { last_error_at: '2026-05-01T10:00:00.000Z' }))).toBe('failing');
    expect(
      state(
        output(true, {
          last_error_at: '2026-05-01T10:00:02.000Z',
          last_success_at: '2026-05-01T10:00:01.000Z',
        }),
      ),
    ).toBe('failing');
  });

  it('puts the circuit breaker first, and a disabled output before all', () => {
    expect(outputHealth(output(true, { circuit: 'open' }))).toMatchObject({
      state: 'circuit-open',
      label: 'Circuit open',
    });
    expect(state(output(true, { circuit: 'half-open' }))).toBe('probing');
    expect(state(output(false, { circuit: 'open' }))).toBe('disabled');
  });
});
