import type { Output } from '@aerie/contracts';
import { Alert, Button, Group, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { formatCount } from '../../shared/format';
import { DeliveryTable, LoadMore } from './delivery-table';
import { replayAllDead, replayDelivery } from './outputs.api';
import { useDeliveries } from './use-deliveries';
import { useRefreshOutputs } from './use-outputs';

/** Deliveries still pending after a failed attempt: what is going wrong right now. */
export function RecentFailures({ output }: { output: Output }) {
  const failing = output.health.pending > 0 && output.health.last_error !== null;
  const list = useDeliveries(output.name, 'failed', { pageSize: 5, enabled: failing });
  if (!failing || (list.items.length === 0 && !list.error)) return null;
  const caption = `Recent failures of ${output.name}`;
  return (
    <Stack gap={4}>
      <Title order={4} size="sm">
        Recent failures
      </Title>
      {list.error && <LoadError what="the failing deliveries" error={list.error} />}
      <DeliveryTable caption={caption} items={list.items} />
      <LoadMore
        label={`Load more failures of ${output.name}`}
        hasMore={list.hasMore}
        loading={list.loadingMore}
        onClick={list.loadMore}
      />
    </Stack>
  );
}

/**
 * Dead deliveries (given up on), each replayable, and all of them at once. What a replay did
 * stays said until dismissed or the next replay, even when nothing dead is left to list.
 */
export function DeadDeliveries({ output }: { output: Output }) {
  const dead = output.health.dead;
  const list = useDeliveries(output.name, 'dead', { pageSize: 10, enabled: dead > 0 });
  const refresh = useRefreshOutputs();
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<{ ok: boolean; text: string }>();

  const replay = async (key: string, action: () => Promise<{ requeued: number }>) => {
    setBusy(key);
    setResult(undefined);
    try {
      const { requeued } = await action();
      setResult({
        ok: true,
        text: `${formatCount(requeued)} ${requeued === 1 ? 'delivery' : 'deliveries'} queued again.`,
      });
      await refresh(output.name);
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      {dead > 0 && (
        <Stack gap={4}>
          <Group justify="space-between">
            <Title order={4} size="sm">
              Dead deliveries ({formatCount(dead)})
            </Title>
            <Button
              size="xs"
              variant="light"
              loading={busy === 'all'}
              aria-label={`Replay all dead of ${output.name}`}
              onClick={() => void replay('all', () => replayAllDead(output.name))}
            >
              Replay all dead
            </Button>
          </Group>
          {list.error && <LoadError what="the dead deliveries" error={list.error} />}
          <DeliveryTable
            caption={`Dead deliveries of ${output.name}`}
            items={list.items}
            action={(d) => (
              <Button
                size="compact-xs"
                variant="default"
                loading={busy === d.id}
                aria-label={`Replay delivery ${d.id}`}
                onClick={() => void replay(d.id, () => replayDelivery(d.id))}
              >
                Replay
              </Button>
            )}
          />
          <LoadMore
            label={`Load more dead deliveries of ${output.name}`}
            hasMore={list.hasMore}
            loading={list.loadingMore}
            onClick={list.loadMore}
          />
        </Stack>
      )}
      {result && (
        <Alert
          variant="light"
          color={result.ok ? 'green' : 'red'}
          role="status"
          aria-label={`Replay result for ${output.name}`}
          withCloseButton
          closeButtonLabel="Dismiss the replay result"
          onClose={() => setResult(undefined)}
        >
          {result.text}
        </Alert>
      )}
    </>
  );
}

function LoadError({ what, error }: { what: string; error: Error }) {
  return (
    <Alert color="red" role="alert">
      Could not load {what}: {error.message}
    </Alert>
  );
}
