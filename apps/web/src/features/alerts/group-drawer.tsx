import type { Me } from '@aerie/contracts';
import { Alert, Text } from '@mantine/core';
import { ApiError } from '../../shared/api';
import { DetailDrawer } from '../../shared/detail-drawer';
import { errorText } from './error-text';
import { GroupDetail } from './group-detail';
import { useGroup } from './use-group';

/** The group named by the URL's `group=<id>`, beside the list. Esc closes it. */
export function GroupDrawer({
  id,
  me,
  onClose,
}: {
  id: string | null;
  me: Me;
  onClose: () => void;
}) {
  // No overlay, no scroll lock: the queue beside stays usable (j / k walk it in the drawer).
  return (
    <DetailDrawer
      id={id ?? undefined}
      title="Alert group"
      size="lg"
      withOverlay={false}
      lockScroll={false}
      onClose={onClose}
    >
      {(shown) => <GroupBody key={shown} id={shown} me={me} />}
    </DetailDrawer>
  );
}

function GroupBody({ id, me }: { id: string; me: Me }) {
  const group = useGroup(id);
  if (group.error) {
    const missing = group.error instanceof ApiError && group.error.status === 404;
    return (
      <Alert color="red" role="alert" title="Could not load the group">
        {missing
          ? 'There is no such group, or it belongs to a team you are not in.'
          : errorText(group.error)}
      </Alert>
    );
  }
  if (!group.data) return <Text c="dimmed">Loading…</Text>;
  return <GroupDetail group={group.data} me={me} />;
}
