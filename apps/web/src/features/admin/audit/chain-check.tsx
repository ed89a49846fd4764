import { Alert, Button, Group, Text } from '@mantine/core';
import { formatCount } from '../../../shared/format';
import { useVerifyChain } from './use-audit';

/** "Verify chain": the server recomputes every entry's hash; a break names the first bad entry. */
export function ChainCheck() {
  const verify = useVerifyChain();
  const result = verify.data;
  return (
    <Group align="flex-start" gap="sm">
      <Button variant="default" loading={verify.isPending} onClick={() => verify.mutate()}>
        Verify chain
      </Button>
      {verify.error && (
        <Alert color="red" role="alert" py={6}>
          Could not verify the chain: {verify.error.message}
        </Alert>
      )}
      {result?.ok === true && (
        <Alert color="green" role="status" aria-label="Chain check" py={6}>
          <Text size="sm">
            Chain intact: {formatCount(result.entries)} entries
            {result.head ? `, head ${result.head.slice(0, 16)}…` : ''}. Record the head elsewhere:
            it proves that nothing before it was changed or removed.
          </Text>
        </Alert>
      )}
      {result?.ok === false && (
        <Alert color="red" role="alert" aria-label="Chain check" py={6}>
          <Text size="sm">
            Chain broken at entry {result.brokenAt}: {result.reason}. The{' '}
            {formatCount(result.entries)} entries before it are intact.
          </Text>
        </Alert>
      )}
    </Group>
  );
}
