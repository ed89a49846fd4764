import { describe, expect, it } from 'vitest';
import { auditFilterOf, auditQuery, changedKeys, withAuditFilter } from './audit.view';

describe('audit filter', () => {
  it('reads and writes the API keys in the URL, keeping the others', () => {
    const search = new URLSearchParams('actor=user%3Aalice&action=&x=1');
    expect(auditFilterOf(search)).toEqual({ actor: 'user:alice', action: undefined });
    expect(withAuditFilter(search, { actor: ' ', action: 'token.create' }).toString()).toBe(
      'action=token.create&x=1',
    );
  });

  it('asks a page with the same keys', () => {
    expect(auditQuery({ actor: 'user:alice', action: undefined }, 50)).toBe(
      'limit=50&actor=user%3Aalice',
    );
    expect(auditQuery({ actor: undefined, action: 'output.update' }, 50, 120)).toBe(
      'limit=50&action=output.update&before=120',
    );
  });
});

describe('changedKeys', () => {
  it('lists what an entry changed', () => {
    expect(
      changedKeys(
        { name: 'siem', scopes: ['a'], cluster: null, teams: [] },
        { name: 'siem-eu', scopes: ['a'], teams: ['x'], revoked_at: 'now' },
      ),
    ).toEqual(['cluster', 'name', 'revoked_at', 'teams']);
    expect(changedKeys(null, { name: 'x' })).toEqual([]);
  });
});
