import type { EventDelivery } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { describeTest, testOutcome } from './test-result.view';

function delivery(over: Partial<EventDelivery>): EventDelivery {
  return {
    id: '7',
    event_id: '0195a3c2-7f4e-7b1a-9c3d-0000000000e1',
    output: 'slack',
    status: 'pending',
    attempts: 0,
    created_at: '2026-05-01T10:00:00Z',
    due_at: '2026-05-01T10:00:00Z',
    finished_at: null,
    last_status: null,
    last_error: null,
    attempts_log: [],
    ...over,
  };
}

const attempt = (
  outcome: 'delivered' | 'acking' | 'retry' | 'failed',
  status: number,
  error: string | null,
) => ({
  at: '2026-05-01T10:00:00.100Z',
  duration_ms: 41.6,
  http_status: status,
  outcome,
  error,
});

describe('testOutcome', () => {
  it('follows the test delivery to this output', () => {
    expect(testOutcome([], 'slack')).toEqual({ phase: 'waiting' });
    expect(testOutcome([delivery({ output: 'other', status: 'dead' })], 'slack')).toEqual({
      phase: 'waiting',
    });
    expect(testOutcome([delivery({})], 'slack')).toEqual({ phase: 'waiting' });
    // Accepted, waiting for Splunk's indexer acknowledgement: not a failure to retry.
    expect(
      testOutcome(
        [delivery({ status: 'acking', attempts: 1, attempts_log: [attempt('acking', 200, null)] })],
        'slack',
      ),
    ).toEqual({ phase: 'waiting' });
    expect(
      testOutcome(
        [
          delivery({
            attempts: 1,
            last_error: 'HTTP 503',
            attempts_log: [attempt('retry', 503, 'HTTP 503')],
          }),
        ],
        'slack',
      ),
    ).toEqual({ phase: 'retrying', attempts: 1, error: 'HTTP 503' });
    const delivered = testOutcome(
      [
        delivery({
          status: 'delivered',
          attempts: 1,
          attempts_log: [attempt('delivered', 200, null)],
        }),
      ],
      'slack',
    );
    expect(delivered).toEqual({ phase: 'delivered', httpStatus: 200, durationMs: 42 });
    expect(describeTest(delivered, 'slack')).toBe('Test delivered to slack (HTTP 200, 42 ms).');
    const dead = testOutcome(
      [delivery({ status: 'dead', attempts: 1, last_error: 'HTTP 404: no_service' })],
      'slack',
    );
    expect(describeTest(dead, 'slack')).toBe(
      'Test delivery failed for good after 1 attempt: HTTP 404: no_service',
    );
  });
});
