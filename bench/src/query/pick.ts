import type pg from 'pg';
import { PRIORITIES } from '@aerie/contracts';
import type { Picks } from './calls.js';
import { SEED_TABLE, secondaryIndexesSql, type IndexDef } from './fill.sql.js';

/**
 * Filter values chosen among the seed rows. The fill replicates seed rows uniformly, so a value's
 * share of the seed is its share of the table: "rare" is the least frequent value of the seed
 * (≈ 1 / seed size), "common" the most frequent.
 */
export async function pickFilters(
  client: pg.Client,
  window: { since: Date; until: Date },
): Promise<Picks> {
  const seedSize = await one<{ n: number }>(
    client,
    `SELECT count(*)::int AS n FROM ${SEED_TABLE}`,
  ).then((r) => r.n);
  const ranked = async (column: string, order: 'ASC' | 'DESC') =>
    (
      await one<{ v: string }>(
        client,
        `SELECT ${column} AS v FROM ${SEED_TABLE} WHERE ${column} IS NOT NULL
         GROUP BY 1 ORDER BY count(*) ${order}, 1 LIMIT 1`,
      )
    ).v;
  // The host in the middle of the ranking: a typical node, neither the noisiest nor a stray one.
  const hostname = (
    await one<{ v: string }>(
      client,
      `SELECT v FROM (SELECT hostname AS v, row_number() OVER (ORDER BY count(*) DESC, hostname) AS r,
         count(*) OVER () AS n FROM ${SEED_TABLE} WHERE hostname IS NOT NULL GROUP BY hostname) h
       WHERE r = (n + 1) / 2`,
    )
  ).v;
  const ruleCommon = await ranked('rule', 'DESC');
  const ruleCommonHost = (
    await one<{ v: string }>(
      client,
      `SELECT hostname AS v FROM ${SEED_TABLE} WHERE rule = $1 AND hostname IS NOT NULL
       GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [ruleCommon],
    )
  ).v;
  const priorityRank = Number(await ranked('priority', 'DESC'));
  const pair = await one<{ a: string; b: string }>(
    client,
    `SELECT a, b FROM ${SEED_TABLE} s, unnest(s.tags) a, unnest(s.tags) b
     WHERE a < b GROUP BY a, b ORDER BY count(*) DESC, a, b LIMIT 1`,
  );
  const rareTags = await client.query<{ t: string }>(
    `SELECT t FROM ${SEED_TABLE} s, unnest(s.tags) t GROUP BY t ORDER BY count(*), t LIMIT 2`,
  );
  // Words as the full-text index splits them (its expression, read from the catalog, applied to
  // the seed); alphabetic only (no numbers or time fragments). "Common": the most frequent word
  // found in at most half of the events.
  const documents = `SELECT ${await searchDocument(client)} FROM ${SEED_TABLE}`;
  const wordCommon = (
    await one<{ v: string }>(
      client,
      `SELECT word AS v FROM ts_stat($1) WHERE word ~ '^[a-z]{4,}$' AND ndoc <= $2
       ORDER BY ndoc DESC, word LIMIT 1`,
      [documents, Math.floor(seedSize / 2)],
    )
  ).v;
  const wordRare = (
    await one<{ v: string }>(
      client,
      `SELECT word AS v FROM ts_stat($1) WHERE word ~ '^[a-z]{5,}$' ORDER BY ndoc, word LIMIT 1`,
      [documents],
    )
  ).v;
  const procName = (
    await one<{ v: string }>(
      client,
      `SELECT output_fields->>'proc.name' AS v FROM ${SEED_TABLE}
       WHERE output_fields->>'proc.name' IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
  ).v;
  // A numeric output field value matching about 1 % of events (e.g. a port).
  const numberField = await one<{ name: string; value: string }>(
    client,
    `SELECT key AS name, value::text AS value FROM ${SEED_TABLE} s, jsonb_each(s.output_fields)
     WHERE jsonb_typeof(value) = 'number' AND key <> 'evt.time' AND value::text ~ '^-?[0-9]{1,9}$'
     GROUP BY 1, 2 ORDER BY abs(count(*) - $1::int / 100), 1, 2 LIMIT 1`,
    [seedSize],
  );
  return {
    priority: (PRIORITIES[priorityRank] ?? 'Notice').toLowerCase(),
    ruleRare: await ranked('rule', 'ASC'),
    ruleCommon,
    ruleCommonHost,
    hostname,
    namespaceRare: await ranked('namespace', 'ASC'),
    namespaceCommon: await ranked('namespace', 'DESC'),
    boundaryRare: await ranked('boundary', 'ASC'),
    boundaryCommon: await ranked('boundary', 'DESC'),
    tagsAll: [pair.a, pair.b],
    tagsAny: rareTags.rows.map((r) => r.t),
    wordRare,
    wordCommon,
    procName,
    numberField,
    windowSince: window.since.toISOString(),
    windowUntil: window.until.toISOString(),
  };
}

/** The tsvector expression of the full-text index on events (its first key), or a plain one. */
async function searchDocument(client: pg.Client): Promise<string> {
  const indexes = (await client.query<IndexDef>(secondaryIndexesSql)).rows;
  const gin = indexes.find((i) => i.method === 'gin' && /to_tsvector\(/.test(i.first_column));
  return gin?.first_column ?? `to_tsvector('simple', rule || ' ' || coalesce(output, ''))`;
}

async function one<T extends pg.QueryResultRow>(
  client: pg.Client,
  sql: string,
  params: unknown[] = [],
): Promise<T> {
  const { rows } = await client.query<T>(sql, params);
  const row = rows[0];
  if (row === undefined) throw new Error(`no row for: ${sql.replace(/\s+/g, ' ').slice(0, 120)}`);
  return row;
}
