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
  non200: number;
}

/**
 * The baseline: the least work "one HTTP request per event" needs — the same bodies and headers
 * Aerie's webhook sends, posted one by one over node:http keep-alive, `concurrency` in flight,
 * nothing read from or written to a database.
 */
export async function sendDirect(
  url: string,
  bodies: ReadonlyArray<[string, Buffer]>,
  concurrency: number,
): Promise<SendRun> {
  const agent = keepAliveAgent(concurrency);
  const target = new URL(url);
  let non200 = 0;
  const startedAt = wallClock();
  try {
    await pool(bodies.length, concurrency, async (i) => {
      const [id, body] = bodies[i]!;
      const answer = await post(
        agent,
        target,
        { 'content-type': 'application/json', 'webhook-id': id },
        body,
      );
      if (answer.status !== 200) non200++;
    });
  } finally {
    agent.destroy();
  }
  return { startedAt, endedAt: wallClock(), non200 };
}
