import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from './route';

describe('parseRoute', () => {
  it('reads the pages from the hash', () => {
    expect(parseRoute('')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/')).toEqual({ page: 'dashboard' });
    expect(parseRoute('#/admin')).toEqual({ page: 'admin', section: 'users' });
    expect(parseRoute('#/admin/tokens/')).toEqual({ page: 'admin', section: 'tokens' });
    expect(parseRoute('#/admin/secrets')).toEqual({ page: 'not-found' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'not-found' });
  });

  it('round-trips through routeHref', () => {
    for (const hash of ['#/', '#/admin/users', '#/admin/teams', '#/admin/tokens']) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
  });
});
