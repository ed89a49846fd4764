import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP parameters (19 MiB, 2 passes): ~30 ms here per sign-in. */
/** `Algorithm.Argon2id` is an ambient const enum, which isolated modules cannot read: 2. */
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Checked against when the user does not exist, so both cases take the same time. */
let decoy: Promise<string> | undefined;

/** True when `password` matches `stored`; a missing user costs the same as a wrong password. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const target = stored ?? (await (decoy ??= hashPassword('aerie-decoy-password')));
  try {
    return (await verify(target, password)) && stored !== null;
  } catch {
    return false;
  }
}
