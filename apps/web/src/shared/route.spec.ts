import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref, searchOf } from './route';

describe('parseRoute', () => {
  it('reads the pages from the hash, landing on the live events', () => {
    expect(parseRoute('')).toEqual({ page: 'events' });
    expect(parseRoute('#/')).toEqual({ page: 'events' });
    expect(parseRoute('#/overview?since=1h')).toEqual({ page: 'overview' });
    expect(parseRoute('#/alerts/')).toEqual({ page: 'alerts' });
    expect(parseRoute('#/admin')).toEqual({ page: 'admin', section: 'users' });
    expect(parseRoute('#/admin/audit')).toEqual({ page: 'admin', section: 'audit' });
    expect(parseRoute('#/admin/secrets')).toEqual({ page: 'not-found' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not-found' });
  });

  it('keeps the query beside the page', () => {
    const search = searchOf('#/events?priority=critical&namespace=payments&q=a%20b');
    expect(search.getAll('priority')).toEqual(['critical']);
    expect(search.get('q')).toBe('a b');
    expect(routeHref({ page: 'events' }, search)).toBe(
      '#/events?priority=critical&namespace=payments&q=a+b',
    );
    expect(searchOf('#/events').toString()).toBe('');
  });

  it('round-trips through routeHref', () => {
    for (const hash of ['#/events', '#/overview', '#/alerts', '#/outputs', '#/admin/tokens']) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
});
