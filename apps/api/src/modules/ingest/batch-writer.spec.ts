import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFalcoEvent } from '@aerie/detectors';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { falcoEvent } from '../../test-support/falco-events.js';
import { Database } from '../database/database.js';
import { IngestMetrics } from '../metrics/ingest.metrics.js';
import { BatchWriter } from './batch-writer.js';
import { toEventRow, type EventRow } from './event-row.js';

let target: TestDatabase;
let db: Database;
let writer: BatchWriter;

beforeAll(async () => {
  target = await createTestDatabase();
  db = await Database.open(target);
  writer = new BatchWriter(
    db,
    { maxSize: 1000, maxWaitMs: 0 },
    new IngestMetrics(new Registry()),
    pino({ level: 'silent' }),
  );
});
afterAll(async () => {
  await db?.close();
  await target?.drop();
});

function row(i: number): EventRow {
  const parsed = parseFalcoEvent(
    falcoEvent({ output_fields: { 'proc.pid': i } }),
    { receivedAt: new Date(), defaultCluster: null, customFields: {}, customTags: [] },
    { hasRawNumbers: false, mayHaveEscapes: false },
  );
  if (!parsed.ok) throw new Error('invalid fixture');
  return toEventRow(crypto.randomUUID(), parsed.event);
}

describe('BatchWriter', () => {
  it('writes one batch per submission wave, in input order, with increasing seq', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.submit([row(i)])),
    );
    const seqs = results.map((r) => (r[0]?.ok ? r[0].seq : -1));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(20);
  });

  it('isolates a row the database refuses; the rest of its batch is stored', async () => {
    const bad: EventRow = {
      ...row(99),
      json: row(99).json.replace(/"event_time":"[^"]+"/, '"event_time":"not a time"'),
    };
    const rows = [row(1), row(2), bad, row(3)];
    const results = await writer.submit(rows);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringContaining('refused by the database'),
    });
    const stored = await db.query<{ id: string }>(
      'SELECT id FROM events WHERE id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    expect(stored.map((s) => s.id).sort()).toEqual([rows[0]!.id, rows[1]!.id, rows[3]!.id].sort());
  });

  it("one request's refused rows never cost another request's rows, and cost a bounded effort", async () => {
    const bad = () => ({
      ...row(0),
      json: row(0).json.replace(/"event_time":"[^"]+"/, '"event_time":"nope"'),
    });
    const good = [row(1), row(2), row(3)];
    const hostile = Array.from({ length: 200 }, bad);
    const [goodResults, hostileResults] = await Promise.all([
      writer.submit(good),
      writer.submit(hostile),
    ]);
    expect(goodResults.every((r) => r.ok)).toBe(true);
    expect(hostileResults).toHaveLength(200);
    expect(hostileResults.every((r) => !r.ok && r.status === 400)).toBe(true);
  });

  it('answers 503 for every row when the database is gone, and drains', async () => {
    const other = await createTestDatabase();
    const gone = await Database.open(other);
    const w = new BatchWriter(
      gone,
      { maxSize: 10, maxWaitMs: 0 },
      new IngestMetrics(new Registry()),
      pino({ level: 'silent' }),
    );
    await gone.close();
    const results = await w.submit([row(1), row(2)]);
    expect(results).toEqual([
      expect.objectContaining({ ok: false, status: 503 }),
      expect.objectContaining({ ok: false, status: 503 }),
    ]);
    await w.drain();
    await other.drop();
  });
});
