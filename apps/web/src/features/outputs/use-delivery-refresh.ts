import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLiveMessage } from '../../shared/live/live-context';
import { OUTPUTS_PATH } from './use-outputs';

/**
 * Live `delivery` messages refresh the outputs' health and the deliveries of the outputs they
 * name — at most once per `intervalMs`, however many arrive (a backlog draining sends thousands).
 */
export function useDeliveryRefresh(intervalMs = 1000): void {
  const client = useQueryClient();
  const outputs = useRef(new Set<string>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const lastFlush = useRef(0);

  useEffect(() => () => clearTimeout(timer.current), []);

  useLiveMessage('delivery', ({ delivery }) => {
    outputs.current.add(delivery.output);
    if (timer.current !== undefined) return;
    const flush = (): void => {
      timer.current = undefined;
      lastFlush.current = Date.now();
      const names = [...outputs.current];
      outputs.current.clear();
      void client.invalidateQueries({ queryKey: ['api', OUTPUTS_PATH] });
      for (const name of names) void client.invalidateQueries({ queryKey: ['deliveries', name] });
    };
    timer.current = setTimeout(flush, Math.max(0, lastFlush.current + intervalMs - Date.now()));
  });
}
