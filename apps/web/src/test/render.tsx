import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Providers } from '../providers';
import { LiveProvider } from '../shared/live/live-context';
import type { LiveClient } from '../shared/live/live-client';
import { createQueryClient } from '../shared/query';
import { fakeLive } from './fake-live';

/**
 * Renders `ui` as the app does (theme, a fresh query cache, a live connection over a fake
 * socket) and returns the live fake beside Testing Library's result.
 */
export function renderWithApp(
  ui: ReactElement,
  options: { live?: ReturnType<typeof fakeLive> } = {},
): RenderResult & { live: ReturnType<typeof fakeLive> } {
  const live = options.live ?? fakeLive();
  const result = render(
    <Providers client={createQueryClient()}>
      <LiveProvider client={live.client as LiveClient}>{ui}</LiveProvider>
    </Providers>,
  );
  return { ...result, live };
}
