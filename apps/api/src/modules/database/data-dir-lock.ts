import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. The owner's pid is written into the directory; another live owner makes opening fail.
 */
const lockedHere = new Set<string>();

export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'aerie.pid');
  if (lockedHere.has(dataDir))
    throw new Error(`the embedded database in ${dataDir} is already open in this process`);
  let owner: number | undefined;
  try {
    owner = Number(readFileSync(file, 'utf8').trim());
  } catch {
    owner = undefined; // no lock
  }
  if (owner !== undefined && owner !== process.pid && alive(owner)) {
    throw new Error(
      `the embedded database in ${dataDir} is in use by process ${owner}; stop it first (or use a Postgres DATABASE_URL, which many processes can share)`,
    );
  }
  // A stale lock (its process is gone) is replaced; creating with `wx` makes two processes that
  // start at once race on one atomic create, and only one wins.
  if (owner !== undefined) rmSync(file, { force: true });
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    throw new Error(
      `the embedded database in ${dataDir} is being opened by another process; stop it first`,
    );
  }
  lockedHere.add(dataDir);
  return () => {
    lockedHere.delete(dataDir);
    rmSync(file, { force: true });
  };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
