import { afterAll, beforeAll, expect } from 'vitest';
import type { z } from 'zod';
import type { ConfigSchema } from '../modules/config/config.schema.js';
import { falcoEvent } from './falco-events.js';
import { call } from './http.js';
import { startTestApp, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** One row of `GET /api/v1/events/:id/deliveries`, as the delivery specs read it. */
export interface Delivery {
  output: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  attempts_log: Array<{ outcome: string; http_status: number | null; error: string | null }>;
}

/** The outputs an end-to-end delivery spec starts the app with (and what else it sets). */
export type OutputAppConfig = Pick<
  z.input<typeof ConfigSchema>,
  'outputs' | 'publicUrl' | 'delivery'
>;

export interface OutputApp {
  app(): TestApp;
  /** POSTs events as Falco does and returns their ids. */
  ingest(events: Array<Record<string, unknown>>): Promise<string[]>;
  /** One Critical event per rule, posted as Falco does; their ids. */
  ingestRules(rules: string[]): Promise<string[]>;
  /** The event's delivery to `output`, if there is one yet. */
  deliveryOf(id: string, output: string): Promise<Delivery | undefined>;
  /** The event's first delivery (for specs where each event is routed to one output). */
  firstDelivery(id: string): Promise<Delivery>;
  /** Whether every event's delivery to `output` is delivered or dead. */
  settled(ids: string[], output: string): Promise<boolean>;
}

/**
 * A fresh database and the app with the given outputs (polling every 50 ms) for the spec file,
 * in beforeAll/afterAll; `close` then stops the spec's receivers. `outputs` runs in beforeAll,
 * so it may start receivers first.
 */
export function useOutputApp(
  outputs: () => OutputAppConfig | Promise<OutputAppConfig>,
  close?: () => unknown,
): OutputApp {
  let target: TestDatabase | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    const config = await outputs();
    target = await createTestDatabase();
    app = await startTestApp(
      target,
      {},
      { ...config, delivery: { pollMs: 50, ...config.delivery } },
    );
  });
  afterAll(async () => {
    await app?.close();
    await target?.drop();
    await close?.();
  });
  const running = (): TestApp => {
    if (app === undefined) throw new Error('useOutputApp: used outside a test');
    return app;
  };
  const deliveries = async (id: string): Promise<Delivery[]> => {
    const { url, adminToken } = running();
    const res = await call(url, 'GET', `/api/v1/events/${id}/deliveries`, adminToken);
    return (res.body as { items: Delivery[] }).items;
  };
  const ingest = async (events: Array<Record<string, unknown>>): Promise<string[]> => {
    const res = await call(running().url, 'POST', '/api/v1/events', undefined, events);
    expect(res.status).toBe(200);
    return (res.body as { ids: string[] }).ids;
  };
  const deliveryOf = async (id: string, output: string) =>
    (await deliveries(id)).find((d) => d.output === output);
  return {
    app: running,
    ingest,
    ingestRules: (rules) => ingest(rules.map((rule) => falcoEvent({ rule, priority: 'Critical' }))),
    deliveryOf,
    firstDelivery: async (id) => (await deliveries(id))[0]!,
    settled: async (ids, output) => {
      const all = await Promise.all(ids.map((id) => deliveryOf(id, output)));
      return all.every((d) => d?.status === 'delivered' || d?.status === 'dead');
    },
  };
}
