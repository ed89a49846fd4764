import { CreateTeamSchema } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { issuesOf, mapIssues } from './field-issues';

describe('mapIssues', () => {
  it('puts issues by field, list items with their label, the rest for the form', () => {
    expect(
      mapIssues(
        [
          { field: 'name', message: 'is taken' },
          { field: 'namespaces[1]', message: 'bad selector' },
          { field: 'namespaces[3]', message: 'bad too' },
          { field: 'owner', message: 'unknown key' },
          { field: '(body)', message: 'must be a JSON object' },
        ],
        ['name', 'namespaces'] as const,
        (_f, i) => `line ${i + 1}`,
      ),
    ).toEqual({
      fields: { name: 'is taken', namespaces: 'line 2: bad selector; line 4: bad too' },
      other: ['owner: unknown key', 'must be a JSON object'],
    });
  });
});

describe('issuesOf', () => {
  it('names fields as the server does', () => {
    expect(issuesOf(CreateTeamSchema, { name: 'ok', namespaces: ['a/b', 'nope'] })).toEqual([
      {
        field: 'namespaces[1]',
        message: 'must be "<cluster glob>/<namespace glob>", e.g. "prod-*/payments-*"',
      },
    ]);
  });
});
