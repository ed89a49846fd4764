import type {
  DeliverableEvent,
  HttpAnswer,
  HttpMessage,
  HttpOutputPlugin,
  Outcome,
  RenderContext,
} from '@aerie/outputs';
import type { AccessTokens } from './access-tokens.js';
import { renderResolve } from './group-resolve.js';
import { sendHttp } from './http-sender.js';
import { combine, failAll, perEvent, type AttemptResult } from './outcomes.js';
import type { RuntimeOutput } from './runtime-output.js';

/** A chunk of one output's deliveries, ready to send. */
export interface HttpChunk {
  kind: 'event' | 'resolve';
  events: readonly DeliverableEvent[];
  ctx: RenderContext;
}

/**
 * One attempt of a chunk over HTTP: rendered afresh (signatures and timestamps are of this
 * attempt), sent to every target, each answer read by the plugin into one outcome per event.
 * Outputs with `auth` get their access token first (cached); a 401 drops it, and a cached one is
 * replaced once at once. Network errors reject. An answer's ack id (indexer acknowledgement) is
 * returned with the outcomes.
 */
export async function sendHttpChunk(
  output: RuntimeOutput,
  plugin: HttpOutputPlugin<unknown>,
  chunk: HttpChunk,
  tokens: AccessTokens,
): Promise<AttemptResult> {
  const send = (message: HttpMessage) =>
    sendHttp(message, { timeoutMs: output.policy.timeoutMs, tls: output.policy.tls });
  const count = chunk.events.length;
  const perTarget: Outcome[][] = [];
  let status: number | null = null;
  let ackId: number | undefined;
  for (const config of plugin.targets?.(output.config) ?? [output.config]) {
    const render = (accessToken?: string): HttpMessage =>
      chunk.kind === 'resolve'
        ? renderResolve(plugin.type, chunk.events[0]!.event.fingerprint, config)
        : plugin.render(chunk.events, config, {
            ...chunk.ctx,
            ...(accessToken ? { accessToken } : {}),
          });
    const read = (answer: HttpAnswer): Outcome[] => {
      status = answer.status;
      if (plugin.ack?.enabled(config) && !plugin.targets) ackId = plugin.ack.ackId(answer);
      return perEvent(plugin.classify(answer, count), count);
    };
    if (!plugin.auth) {
      perTarget.push(read(await send(render())));
      continue;
    }
    let token = await tokens.get(output.id, plugin.auth, config, send);
    if (!token.ok) return { outcomes: failAll(count, token.failure), status: token.status };
    let answer = await send(render(token.token));
    if (answer.status === 401) {
      tokens.drop(token.token);
      if (!token.fresh) {
        // Revoked or expired early: one more try with a new token.
        token = await tokens.get(output.id, plugin.auth, config, send);
        if (!token.ok) return { outcomes: failAll(count, token.failure), status: token.status };
        answer = await send(render(token.token));
        if (answer.status === 401) tokens.drop(token.token);
      }
    }
    perTarget.push(read(answer));
  }
  return {
    outcomes: Array.from({ length: count }, (_, i) => combine(perTarget.map((t) => t[i]!))),
    status,
    ...(ackId === undefined ? {} : { ackId }),
  };
}
