import { readFileSync } from 'node:fs';
import { keepAliveAgent, pool, post } from './post.js';
import { wallClock } from './protocol.js';

/** The requests Aerie sent, as the receiver saved them: [webhook-id, body]. */
export function loadBodies(file: string): Array<[string, Buffer]> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [id, body] = JSON.parse(line) as [string, string];
      return [id, Buffer.from(body, 'utf8')];
    });
}

export interface SendRun {
  startedAt: number;
  endedAt: number;
  /** Answers other than a 2xx. */
  failed: number;
}

/** One prepared request of a baseline sender. */
export interface Prepared {
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * A bare node:http sender: the prepared requests posted over keep-alive, `concurrency` in flight,
 * nothing read from or written to a database; from the first request to the last answer.
 */
export async function sendAll(
  requests: readonly Prepared[],
  concurrency: number,
): Promise<SendRun> {
  const agent = keepAliveAgent(concurrency);
  let failed = 0;
  const startedAt = wallClock();
  try {
    await pool(requests.length, concurrency, async (i) => {
      const { url, headers, body } = requests[i]!;
      const answer = await post(agent, url, headers, body);
      if (answer.status < 200 || answer.status > 299) failed++;
    });
  } finally {
    agent.destroy();
  }
  return { startedAt, endedAt: wallClock(), failed };
}

/**
 * The baseline: the least work "one HTTP request per event" needs — the same bodies and headers
 * Aerie's webhook sends, posted one by one.
 */
export function sendDirect(
  url: string,
  bodies: ReadonlyArray<[string, Buffer]>,
  concurrency: number,
): Promise<SendRun> {
  const target = new URL(url);
  return sendAll(
    bodies.map(([id, body]) => ({
      url: target,
      headers: { 'content-type': 'application/json', 'webhook-id': id },
      body,
    })),
    concurrency,
  );
}
