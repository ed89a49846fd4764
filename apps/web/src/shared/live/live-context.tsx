import type { LiveServerMessage } from '@aerie/contracts';
import {
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { LiveClient, liveUrl, type LiveStatus } from './live-client';

const LiveContext = createContext<LiveClient | undefined>(undefined);

/** Opens the live connection for the signed-in shell and closes it on sign-out. */
export function LiveProvider({
  children,
  client: given,
}: {
  children: ReactNode;
  /** Tests pass a client over a fake socket. */
  client?: LiveClient;
}) {
  const [client] = useState(() => given ?? new LiveClient(liveUrl()));
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

export function useLiveClient(): LiveClient {
  const client = useContext(LiveContext);
  if (!client) throw new Error('useLiveClient needs a <LiveProvider>');
  return client;
}

export function useLiveStatus(): LiveStatus {
  const client = useLiveClient();
  return useSyncExternalStore(
    (onChange) => client.onStatus(onChange),
    () => client.getStatus(),
  );
}

type MessageOf<T extends LiveServerMessage['type']> = Extract<LiveServerMessage, { type: T }>;

/** Calls `handler` for every live message of `type` while mounted (the latest handler wins). */
export function useLiveMessage<T extends LiveServerMessage['type']>(
  type: T,
  handler: (message: MessageOf<T>) => void,
): void {
  const client = useLiveClient();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(
    () =>
      client.onMessage((message) => {
        if (message.type === type) ref.current(message as MessageOf<T>);
      }),
    [client, type],
  );
}
