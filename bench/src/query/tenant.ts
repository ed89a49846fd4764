import { median } from '../harness/stats.js';
import { apiPath, type ApiCall } from './calls.js';
import { apiCreate, apiRequest } from './http.js';
import { nextCursor, rowsOf } from './measure.js';

/**
 * Tenant reads over HTTP: the same call as an admin and as members of a few teams, interleaved
 * round by round (admin, team 1, team 2, … in every round) so each team is compared with an admin
 * measured under the same load.
 */

/** A team to create, as `POST /api/v1/teams` takes it, with a label for the report. */
export interface TeamSpec {
  name: string;
  label: string;
  namespaces: string[];
  cluster_wide: boolean;
}

/**
 * Teams of different selectivity and kind of selector: an exact namespace (common and rare in the
 * data: the scope condition is `namespace = …`), a cluster and namespace glob (`LIKE`), and a
 * cluster-wide grant (a whole cluster with its events without a namespace).
 */
export function tenantTeams(p: {
  namespaceCommon: string;
  namespaceRare: string;
  /** A glob `<cluster glob>/<namespace glob>` that matches some of the data. */
  glob: string;
  /** The cluster with the most events. */
  clusterTop: string;
}): TeamSpec[] {
  return [
    {
      name: 'bench-ns-common',
      label: `*/${p.namespaceCommon}`,
      namespaces: [`*/${p.namespaceCommon}`],
      cluster_wide: false,
    },
    {
      name: 'bench-ns-rare',
      label: `*/${p.namespaceRare}`,
      namespaces: [`*/${p.namespaceRare}`],
      cluster_wide: false,
    },
    { name: 'bench-glob', label: p.glob, namespaces: [p.glob], cluster_wide: false },
    {
      name: 'bench-cluster',
      label: `${p.clusterTop}/* cluster-wide`,
      namespaces: [`${p.clusterTop}/*`],
      cluster_wide: true,
    },
  ];
}

export interface Reader {
  /** `admin` or the team's label. */
  name: string;
  token: string;
}

/** Creates each team and a `siem:read` token of it through the API; the readers, in order. */
export async function createTeamReaders(
  baseUrl: string,
  adminToken: string,
  teams: readonly TeamSpec[],
): Promise<Reader[]> {
  const readers: Reader[] = [];
  for (const team of teams) {
    await apiCreate(baseUrl, '/api/v1/teams', adminToken, {
      name: team.name,
      namespaces: team.namespaces,
      cluster_wide: team.cluster_wide,
    });
    const created = await apiCreate<{ token: string }>(baseUrl, '/api/v1/tokens', adminToken, {
      name: `bench ${team.name}`,
      scopes: ['siem:read'],
      teams: [team.name],
    });
    readers.push({ name: team.label, token: created.token });
  }
  return readers;
}

export interface ReaderResult {
  reader: string;
  runsMs: number[];
  /** Items of the page (or stats total) this reader got. */
  rows: number;
  /** Why it was not measured (or stopped): a non-200 answer, or too few pages to follow. */
  failure?: string;
  /** Cursors actually followed (fewer than asked when the reader's pages ran out). */
  cursors?: number;
}

export interface TenantCallResult {
  name: string;
  /** Index 0 is the admin. */
  readers: ReaderResult[];
}

export interface TenantOptions {
  baseUrl: string;
  runs: number;
  slowMs: number;
  slowRuns: number;
  timeoutMs: number;
}

/**
 * One call for every reader (readers[0] is the admin): each follows its own cursors (a team's
 * pages are not the admin's), warms up, then `runs` rounds of one request per reader. A reader
 * that answers anything but 200 (a 503 statement timeout, say) is dropped from the rounds.
 */
export async function measureTenantCall(
  call: ApiCall,
  readers: readonly Reader[],
  opts: TenantOptions,
): Promise<TenantCallResult> {
  const states = await Promise.all(
    readers.map(async (reader) => {
      const result: ReaderResult = { reader: reader.name, runsMs: [], rows: 0 };
      let path = apiPath(call);
      if (call.followCursors !== undefined) {
        let followed = 0;
        for (; followed < call.followCursors; followed++) {
          const page = await apiRequest(opts.baseUrl, path, reader.token, opts.timeoutMs);
          const cursor = page.status === 200 ? nextCursor(page.body) : undefined;
          if (cursor === undefined) break;
          path = apiPath(call, cursor);
        }
        result.cursors = followed;
      }
      return { reader, path, result, active: true };
    }),
  );
  const once = async (state: (typeof states)[number]): Promise<number | undefined> => {
    const answer = await apiRequest(opts.baseUrl, state.path, state.reader.token, opts.timeoutMs);
    if (answer.status !== 200) {
      state.active = false;
      state.result.failure = `${answer.status} ${answer.body.slice(0, 120)}`;
      return undefined;
    }
    state.result.rows = rowsOf(call, answer.body);
    return answer.ms;
  };
  let slowest = 0;
  for (const state of states) slowest = Math.max(slowest, (await once(state)) ?? 0);
  const runs = slowest > opts.slowMs ? opts.slowRuns : opts.runs;
  for (let round = 0; round < runs; round++) {
    for (const state of states) {
      if (!state.active) continue;
      const ms = await once(state);
      if (ms !== undefined) state.result.runsMs.push(ms);
    }
  }
  return { name: call.name, readers: states.map((s) => s.result) };
}

/** Median over rounds of reader ÷ admin (readers[0]); NaN when either was not measured. */
export function ratioToAdmin(result: TenantCallResult, reader: number): number {
  const admin = result.readers[0]?.runsMs ?? [];
  const other = result.readers[reader]?.runsMs ?? [];
  const n = Math.min(admin.length, other.length);
  const ratios = Array.from({ length: n }, (_, i) => (other[i] as number) / (admin[i] as number));
  return median(ratios);
}
