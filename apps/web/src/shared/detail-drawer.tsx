import { Drawer, type DrawerProps } from '@mantine/core';
import { useRef, type ReactNode } from 'react';

/**
 * The drawer on the right where a list page shows the item its URL names (`id`): dialog
 * `title`, closed by Esc or its button "Close <title>". The last item stays rendered while
 * the drawer slides out.
 */
export function DetailDrawer({
  id,
  title,
  onClose,
  children,
  ...drawer
}: {
  /** The item to show; none closes the drawer. */
  id: string | undefined;
  title: string;
  onClose: () => void;
  children: (id: string) => ReactNode;
} & Omit<DrawerProps, 'opened' | 'title' | 'onClose' | 'children' | 'closeButtonProps'>) {
  const shown = useRef(id);
  if (id !== undefined) shown.current = id;
  return (
    <Drawer
      position="right"
      {...drawer}
      opened={id !== undefined}
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': `Close ${title.toLowerCase()}` }}
    >
      {shown.current !== undefined && children(shown.current)}
    </Drawer>
  );
}
