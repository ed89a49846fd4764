import { describe, expect, it } from 'vitest';
import { mapGroups, readIdentity } from './group-mapping.js';

const settings = {
  usernameClaim: 'preferred_username',
  groupsClaim: 'groups',
  roles: { admin: ['ops'], analyst: ['soc', 'soc-leads'], viewer: ['everyone'] },
  teams: { payments: ['payments'], 'payments-oncall': ['payments', 'oncall'], ops: ['platform'] },
};

describe('mapGroups', () => {
  it('gives the highest role any group gives, whatever the order', () => {
    expect(mapGroups(['everyone', 'soc'], settings)?.role).toBe('analyst');
    expect(mapGroups(['soc', 'ops', 'everyone'], settings)?.role).toBe('admin');
    expect(mapGroups(['everyone'], settings)?.role).toBe('viewer');
  });

  it('refuses people in no role group, whatever teams their groups map to', () => {
    expect(mapGroups([], settings)).toBeUndefined();
    expect(mapGroups(['payments', 'payments-oncall'], settings)).toBeUndefined();
  });

  it('unites the teams of every group, once each, sorted', () => {
    expect(mapGroups(['soc', 'payments', 'payments-oncall'], settings)?.teams).toEqual([
      'oncall',
      'payments',
    ]);
    expect(mapGroups(['ops'], settings)?.teams).toEqual(['platform']);
    expect(mapGroups(['everyone'], settings)?.teams).toEqual([]);
  });

  it('matches group names exactly', () => {
    expect(mapGroups(['OPS', '/ops', 'ops '], settings)).toBeUndefined();
    // Object prototype names are not groups.
    expect(mapGroups(['soc', 'constructor', 'toString'], settings)?.teams).toEqual([]);
  });
});

describe('readIdentity', () => {
  it('reads the username and a list of groups', () => {
    expect(
      readIdentity({ preferred_username: 'alice', groups: ['soc', 7, 'ops'] }, 's1', settings),
    ).toEqual({
      subject: 's1',
      username: 'alice',
      groups: ['soc', 'ops'],
    });
  });

  it('takes one group given as a string, and no claim as no groups', () => {
    expect(readIdentity({ preferred_username: 'a', groups: 'soc' }, 's', settings)).toMatchObject({
      groups: ['soc'],
    });
    expect(readIdentity({ preferred_username: 'a' }, 's', settings)).toMatchObject({ groups: [] });
  });

  it('follows a dotted path, but a claim named with dots wins', () => {
    const nested = { ...settings, groupsClaim: 'realm_access.roles' };
    expect(
      readIdentity({ preferred_username: 'a', realm_access: { roles: ['ops'] } }, 's', nested),
    ).toMatchObject({
      groups: ['ops'],
    });
    const url = { ...settings, groupsClaim: 'https://aerie.example/groups' };
    expect(
      readIdentity({ preferred_username: 'a', 'https://aerie.example/groups': ['soc'] }, 's', url),
    ).toMatchObject({
      groups: ['soc'],
    });
  });

  it('names what is wrong with the claims', () => {
    expect(readIdentity({ groups: [] }, 's', settings)).toEqual({
      problem: 'no_username',
      claim: 'preferred_username',
    });
    expect(readIdentity({ preferred_username: 'a b/c' }, 's', settings)).toEqual({
      problem: 'bad_username',
      claim: 'preferred_username',
    });
    expect(readIdentity({ preferred_username: 'a', groups: { ops: true } }, 's', settings)).toEqual(
      {
        problem: 'bad_groups',
        claim: 'groups',
      },
    );
  });
});
