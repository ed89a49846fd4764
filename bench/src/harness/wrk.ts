import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChild } from './child.js';

/**
 * Load from `wrk` (C, epoll): on 2 cores it leaves the most CPU to the system under test, where a
 * Node load generator would under-report (reference/performance.md). A Lua script cycles through
 * pre-generated bodies and counts 200s and stored events per thread.
 */
const SCRIPT = String.raw`
-- Args after "--": <bodies file, separated by \30> <path> <content-type> <count "accepted": 0|1>
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  local headers = { ["Content-Type"] = args[3] }
  prepared = {}
  for body in string.gmatch(data, "[^\30]+") do
    prepared[#prepared + 1] = wrk.format("POST", args[2], headers, body)
  end
  count_accepted = args[4] == "1"
  index = 0
  ok, other, events = 0, 0, 0
end

function request()
  index = index % #prepared + 1
  return prepared[index]
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    if count_accepted then
      events = events + tonumber(string.match(body, '"accepted":(%d+)') or "0")
    else
      events = events + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local ok_total, other_total, events_total = 0, 0, 0
  for _, t in ipairs(threads) do
    ok_total = ok_total + t:get("ok")
    other_total = other_total + t:get("other")
    events_total = events_total + t:get("events")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"duration_us":%d,"requests":%d,"ok":%d,"other":%d,"events":%d,"p50_us":%d,"p99_us":%d,' ..
    '"socket_errors":%d,"timeouts":%d}\n',
    summary.duration, summary.requests, ok_total, other_total, events_total,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write, e.timeout))
end
`;

export interface WrkRun {
  /** Loopback base URL of the server, e.g. http://127.0.0.1:2801. */
  baseUrl: string;
  path: string;
  contentType: string;
  bodiesFile: string;
  /** Read the number of stored events from each 200's `"accepted":N` (batches), else 1 per 200. */
  countAccepted: boolean;
  connections: number;
  durationSeconds: number;
  threads: number;
}

export interface WrkResult {
  durationUs: number;
  requests: number;
  /** Responses with status 200. */
  ok: number;
  /** Responses with any other status. */
  other: number;
  /** Events acknowledged by those 200s. */
  events: number;
  p50Us: number;
  p99Us: number;
  socketErrors: number;
  timeouts: number;
}

export function assertWrkInstalled(): void {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
  if (probe.error)
    throw new Error(
      'wrk is not installed: apt-get install -y wrk (Debian) or see https://github.com/wg/wrk',
    );
}

export function writeWrkScript(dir: string): string {
  const script = join(dir, 'ingest.lua');
  writeFileSync(script, SCRIPT);
  return script;
}

/** Bodies for the script, separated by ASCII RS (0x1e), which JSON text never contains raw. */
export function writeBodies(dir: string, name: string, bodies: readonly string[]): string {
  const file = join(dir, `${name}.bodies`);
  writeFileSync(file, bodies.join('\x1e'));
  return file;
}

export async function runWrk(script: string, run: WrkRun): Promise<WrkResult> {
  const args = [
    `-t${run.threads}`,
    `-c${run.connections}`,
    `-d${run.durationSeconds}s`,
    '--timeout',
    '30s',
    '-s',
    script,
    run.baseUrl,
    '--',
    run.bodiesFile,
    run.path,
    run.contentType,
    run.countAccepted ? '1' : '0',
  ];
  const child = startChild('wrk', 'wrk', args, process.env, process.cwd());
  // wrk stops itself after the duration; the margin covers start-up and script loading.
  const limit = setTimeout(() => void child.stop(), (run.durationSeconds + 60) * 1000);
  await child.whenExited();
  clearTimeout(limit);
  const line = child
    .tail()
    .split('\n')
    .find((l) => l.startsWith('WRK_RESULT '));
  if (!line) throw new Error(`wrk gave no result:\n${child.tail()}`);
  return parseResult(line.slice('WRK_RESULT '.length));
}

function parseResult(text: string): WrkResult {
  const raw: unknown = JSON.parse(text);
  const num = (key: string): number => {
    const v =
      typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
    if (typeof v !== 'number') throw new Error(`wrk result lacks ${key}: ${text}`);
    return v;
  };
  return {
    durationUs: num('duration_us'),
    requests: num('requests'),
    ok: num('ok'),
    other: num('other'),
    events: num('events'),
    p50Us: num('p50_us'),
    p99Us: num('p99_us'),
    socketErrors: num('socket_errors'),
    timeouts: num('timeouts'),
  };
}
