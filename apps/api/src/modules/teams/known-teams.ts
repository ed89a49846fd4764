import { ApiError } from '../../shared/api-error.js';
import type { TeamsRepository } from './teams.repository.js';

/** 400 naming each team in `names` that does not exist (a typo must not grant nothing silently). */
export async function knownTeams(
  teams: TeamsRepository,
  names: readonly string[],
  code: string,
): Promise<void> {
  const unknown = new Set(await teams.unknown(names));
  if (unknown.size === 0) return;
  throw ApiError.invalid(
    code,
    names.flatMap((name, i) =>
      unknown.has(name)
        ? [{ field: `teams[${i}]`, message: `no team named ${JSON.stringify(name)}` }]
        : [],
    ),
  );
}
