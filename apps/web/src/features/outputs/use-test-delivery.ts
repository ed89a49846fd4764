import { EventDeliverySchema } from '@aerie/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { itemsSchema } from '../../shared/api';
import { useLiveMessage } from '../../shared/live/live-context';
import { useApi } from '../../shared/query';
import { sendTest } from './outputs.api';
import { testOutcome, type TestOutcome } from './test-result.view';

const EventDeliveriesSchema = itemsSchema(EventDeliverySchema);

export type TestState =
  | { phase: 'idle' }
  | { phase: 'sending' }
  | { phase: 'not-sent'; error: string }
  | (TestOutcome & { eventId: string });

/**
 * "Send test": stores a test event for this output only, then follows its delivery — refetched
 * when a live `delivery` message names the test event.
 */
export function useTestDelivery(output: string): {
  state: TestState;
  send: () => Promise<void>;
  dismiss: () => void;
} {
  const client = useQueryClient();
  const [eventId, setEventId] = useState<string>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const path = `/api/v1/events/${eventId ?? ''}/deliveries`;
  const deliveries = useApi(path, EventDeliveriesSchema, { enabled: eventId !== undefined });

  useLiveMessage('delivery', ({ delivery }) => {
    if (eventId !== undefined && delivery.event_id === eventId) {
      void client.invalidateQueries({ queryKey: ['api', path] });
    }
  });

  const send = async (): Promise<void> => {
    setSending(true);
    setError(undefined);
    setEventId(undefined);
    try {
      setEventId((await sendTest(output)).id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };
  const dismiss = (): void => {
    setEventId(undefined);
    setError(undefined);
  };

  let state: TestState = { phase: 'idle' };
  if (sending) state = { phase: 'sending' };
  else if (error !== undefined) state = { phase: 'not-sent', error };
  else if (eventId !== undefined) {
    state = { ...testOutcome(deliveries.data?.items ?? [], output), eventId };
  }
  return { state, send, dismiss };
}
