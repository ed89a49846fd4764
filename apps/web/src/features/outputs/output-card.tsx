import type { Output } from '@aerie/contracts';
import { Alert, Badge, Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatCount, formatUtc } from '../../shared/format';
import { DeleteOutput } from './delete-output';
import { outputHealth } from './output-health.view';
import { DeadDeliveries, RecentFailures } from './output-deliveries';
import { updateOutput } from './outputs.api';
import { TestResult } from './test-result';
import { useRefreshOutputs } from './use-outputs';
import { useTestDelivery } from './use-test-delivery';

/**
 * One output: health, counts, last error, recent failures, dead deliveries with replay, and
 * its controls. Outputs of the configuration file may only be enabled or disabled here.
 */
export function OutputCard({ output, onEdit }: { output: Output; onEdit: () => void }) {
  const health = outputHealth(output);
  const h = output.health;
  const fromConfig = output.origin === 'config';
  const test = useTestDelivery(output.name);
  const refresh = useRefreshOutputs();
  const [toggling, setToggling] = useState(false);
  const [error, setError] = useState<string>();
  const headingId = `output-${output.id}`;

  const setEnabled = async (enabled: boolean): Promise<void> => {
    setToggling(true);
    setError(undefined);
    try {
      await updateOutput(output.name, { enabled });
      await refresh(output.name);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setToggling(false);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby={headingId} padding="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={3} size="h4" id={headingId}>
                {output.name}
              </Title>
              <Badge variant="outline" color="gray">
                {output.type}
              </Badge>
              <Badge variant="light" color={health.color} title={health.detail}>
                {health.label}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              {health.detail}
              {fromConfig &&
                ' Defined in the configuration file: read-only here, except enabling and disabling.'}
            </Text>
          </Stack>
          <Group gap="xs">
            <Switch
              label="Enabled"
              aria-label={`Enabled: ${output.name}`}
              checked={output.enabled}
              disabled={toggling}
              onChange={(e) => void setEnabled(e.currentTarget.checked)}
            />
            <Button
              size="xs"
              variant="default"
              aria-label={`Send test to ${output.name}`}
              disabled={!output.enabled || test.state.phase === 'sending'}
              title={output.enabled ? undefined : 'Enable the output to test it'}
              onClick={() => void test.send()}
            >
              Send test
            </Button>
            {!fromConfig && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={`Edit ${output.name}`}
                  onClick={onEdit}
                >
                  Edit
                </Button>
                <DeleteOutput name={output.name} />
              </>
            )}
          </Group>
        </Group>

        {error && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setError(undefined)}>
            {error}
          </Alert>
        )}
        <TestResult output={output.name} state={test.state} onDismiss={test.dismiss} />

        <Group gap="lg" component="dl" m={0}>
          <Stat term="Pending" value={formatCount(h.pending)} />
          <Stat term="Dead" value={formatCount(h.dead)} />
          <Stat term="Delivered" value={formatCount(h.delivered)} />
          <Stat
            term="Last success"
            value={h.last_success_at ? formatUtc(h.last_success_at) : 'never'}
          />
          {h.oldest_pending_at && (
            <Stat term="Oldest pending" value={formatUtc(h.oldest_pending_at)} />
          )}
        </Group>
        {h.last_error && (
          <Text size="sm">
            <strong>Last error</strong>
            {h.last_error_at ? ` (${formatUtc(h.last_error_at)})` : ''}: {h.last_error}
          </Text>
        )}
        <RecentFailures output={output} />
        <DeadDeliveries output={output} />
      </Stack>
    </Card>
  );
}

function Stat({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed">
        {term}
      </Text>
      <Text component="dd" size="sm" fw={600} m={0}>
        {value}
      </Text>
    </div>
  );
}
