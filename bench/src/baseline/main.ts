import pg from 'pg';
import { createBaselineServer } from './baseline.server.js';
import { GroupCommitter } from './group-commit.js';

/**
 * Entry point of the baseline process (started by the benchmark, like Aerie, so both pay for
 * their own process). Env: DATABASE_URL, PORT, BASELINE_WRITERS (connections), BASELINE_MAX_BATCH.
 */
const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? 2811);
const writers = Number(process.env['BASELINE_WRITERS'] ?? 1);
const maxBatch = Number(process.env['BASELINE_MAX_BATCH'] ?? 5000);

const clients = Array.from({ length: writers }, () => new pg.Client({ connectionString: url }));
await Promise.all(clients.map((c) => c.connect()));
const server = createBaselineServer(new GroupCommitter(clients, maxBatch));
server.listen(port, '127.0.0.1');

function stop(): void {
  server.close();
  server.closeAllConnections();
  void Promise.allSettled(clients.map((c) => c.end())).then(() => process.exit(0));
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
