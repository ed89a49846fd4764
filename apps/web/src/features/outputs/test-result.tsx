import { Alert, Loader, Text } from '@mantine/core';
import { describeTest } from './test-result.view';
import type { TestState } from './use-test-delivery';

const COLORS = {
  waiting: 'blue',
  retrying: 'orange',
  delivered: 'green',
  dead: 'red',
} as const;

/** Where "Send test" reports: sent, waiting, delivered, or why not (announced politely). */
export function TestResult({
  output,
  state,
  onDismiss,
}: {
  output: string;
  state: TestState;
  onDismiss: () => void;
}) {
  if (state.phase === 'idle') return null;
  const label = `Test result for ${output}`;
  if (state.phase === 'sending') {
    return (
      <Alert role="status" aria-label={label} color="blue" icon={<Loader size="xs" />}>
        Sending a test event…
      </Alert>
    );
  }
  const notSent = state.phase === 'not-sent';
  return (
    <Alert
      role="status"
      aria-label={label}
      color={notSent ? 'red' : COLORS[state.phase]}
      icon={state.phase === 'waiting' ? <Loader size="xs" /> : undefined}
      withCloseButton
      closeButtonLabel="Dismiss the test result"
      onClose={onDismiss}
    >
      <Text size="sm">
        {notSent ? `The test was not sent: ${state.error}` : describeTest(state, output)}
      </Text>
      {!notSent && (
        <Text size="xs" c="dimmed">
          Test event {state.eventId}
        </Text>
      )}
    </Alert>
  );
}
