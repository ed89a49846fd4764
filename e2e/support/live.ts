import { expect, type Page } from '@playwright/test';

/**
 * A raw WebSocket on the live stream, opened inside `page` (same origin, the page's session
 * cookie), subscribed to every event the session may see; it records the rules of the events
 * it is sent. To check what the server pushes, whatever the page then shows.
 */
export async function recordLiveEvents(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const url = new URL('api/v1/live', document.baseURI);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        url.hash = '';
        const socket = new WebSocket(url);
        const rules: string[] = [];
        Object.assign(window, { __e2eLiveRules: rules });
        socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', events: {} }));
        socket.onerror = () => reject(new Error('the live socket failed'));
        socket.onmessage = (ev: MessageEvent<string>) => {
          const message = JSON.parse(ev.data) as {
            type: string;
            items?: Array<{ rule: string }>;
          };
          if (message.type === 'subscribed') resolve();
          if (message.type === 'events')
            for (const item of message.items ?? []) rules.push(item.rule);
        };
      }),
  );
}

/** The rules of the events the recorder got so far. */
export async function recordedRules(page: Page): Promise<string[]> {
  const rules: unknown = await page.evaluate(
    () => (window as { __e2eLiveRules?: unknown }).__e2eLiveRules,
  );
  expect(Array.isArray(rules), 'recordLiveEvents() first').toBe(true);
  return (rules as unknown[]).map(String);
}
