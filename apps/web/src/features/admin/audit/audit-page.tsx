import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useSearch } from '../../../shared/use-route';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { auditFilterOf, withAuditFilter } from './audit.view';
import { ChainCheck } from './chain-check';
import { useAuditLog } from './use-audit';

/** Admin › Audit log: who changed what, when and from where; filters live in the URL. */
export function AuditPage() {
  const [search, setSearch] = useSearch();
  const filter = auditFilterOf(search);
  const log = useAuditLog(filter);

  return (
    <Stack gap="md" component="section" aria-labelledby="audit-heading">
      <Group justify="space-between">
        <Title order={2} id="audit-heading">
          Audit log
        </Title>
        <Button variant="subtle" onClick={log.refresh}>
          Refresh
        </Button>
      </Group>
      <ChainCheck />
      <AuditFilters
        key={`${filter.actor ?? ''}|${filter.action ?? ''}`}
        filter={filter}
        onApply={(next) => setSearch(withAuditFilter(search, next))}
      />
      {log.error && (
        <Alert color="red" role="alert" title="Could not load the audit log">
          {log.error.message}
        </Alert>
      )}
      {log.loading ? (
        <Group gap="xs">
          <Loader size="sm" />
          <Text size="sm">Loading the audit log…</Text>
        </Group>
      ) : (
        !log.error && (
          <>
            <AuditTable entries={log.entries} />
            {log.entries.length === 0 && (
              <Text c="dimmed">
                No entries{filter.actor || filter.action ? ' match these filters' : ''}.
              </Text>
            )}
          </>
        )
      )}
      {log.hasMore && (
        <Button variant="default" loading={log.loadingMore} onClick={log.loadMore} maw={200}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
