import { Worker } from 'node:worker_threads';
import { onCleanup } from '../harness/cleanup.js';
import type { FromProbe, ToProbe, WsProbeData } from './ws-probe.protocol.js';

export interface WsProbe {
  /** First receipt time of each marker so far, and the `events` messages received. */
  take(): Promise<{ seen: Map<string, number>; messages: number }>;
  stop(): Promise<void>;
}

/** Starts the baseline client in a worker thread; resolves once the server confirmed the subscription. */
export async function startWsProbe(data: WsProbeData, timeoutMs = 15_000): Promise<WsProbe> {
  const worker = new Worker(new URL('./ws-probe.worker.js', import.meta.url), { workerData: data });
  const stop = async (): Promise<void> => {
    worker.postMessage({ type: 'stop' } satisfies ToProbe);
    await worker.terminate();
  };
  onCleanup(stop);
  let failure: string | undefined;
  worker.on('message', (message: FromProbe) => {
    if (message.type === 'failed') failure ??= message.message;
  });
  worker.on('error', (err) => (failure ??= err.message));
  const next = (want: FromProbe['type']): Promise<FromProbe> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`ws probe: no ${want} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const onMessage = (message: FromProbe): void => {
        if (message.type !== want && message.type !== 'failed') return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        if (message.type === 'failed') reject(new Error(`ws probe: ${message.message}`));
        else resolve(message);
      };
      worker.on('message', onMessage);
    });

  await next('subscribed');
  return {
    async take() {
      if (failure) throw new Error(`ws probe: ${failure}`);
      const reply = next('seen');
      worker.postMessage({ type: 'take' } satisfies ToProbe);
      const message = await reply;
      if (message.type !== 'seen') throw new Error('ws probe: unexpected reply');
      return { seen: new Map(message.seen), messages: message.messages };
    },
    stop,
  };
}
