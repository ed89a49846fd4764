import { PagerDutyConfigSchema, pagerDutyResolveMessage, type HttpMessage } from '@aerie/outputs';
import type { RuntimeOutput } from './runtime-output.js';

/**
 * Outputs that keep an incident per alert group, and the request that closes it when triage
 * resolves the group (outbox rows of kind `resolve`). Only PagerDuty has incidents today.
 */
const RESOLVERS: Readonly<Record<string, (fingerprint: string, config: unknown) => HttpMessage>> = {
  pagerduty: (fingerprint, config) =>
    pagerDutyResolveMessage(fingerprint, PagerDutyConfigSchema.parse(config)),
};

/**
 * The enabled outputs a resolved group's incident is closed at: every one that keeps incidents,
 * whether or not its route took this group's events — a `resolve` for a key PagerDuty has no open
 * incident for changes nothing (202), while skipping one whose route changed since the trigger
 * would leave an incident open.
 */
export function resolvingOutputs(outputs: ReadonlyMap<string, RuntimeOutput>): string[] {
  return [...outputs.values()]
    .filter((o) => Object.hasOwn(RESOLVERS, o.plugin.type))
    .map((o) => o.id);
}

/** The request that resolves `fingerprint`'s incident at an output of `type` set up as `config`. */
export function renderResolve(type: string, fingerprint: string, config: unknown): HttpMessage {
  const render = Object.hasOwn(RESOLVERS, type) ? RESOLVERS[type] : undefined;
  if (!render) throw new Error(`${type} outputs have no incidents to resolve`);
  return render(fingerprint, config);
}
