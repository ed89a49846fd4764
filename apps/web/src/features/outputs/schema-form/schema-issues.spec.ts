import { describe, expect, it } from 'vitest';
import { parseIssuePath, placeIssues } from './schema-issues';

describe('parseIssuePath', () => {
  it("reads the server's paths", () => {
    expect(parseIssuePath('config.headers["X A"]')).toEqual(['config', 'headers', 'X A']);
    expect(parseIssuePath('route.not[1].rules[0]')).toEqual(['route', 'not', 1, 'rules', 0]);
    expect(parseIssuePath('(body)')).toBeUndefined();
  });
});

describe('placeIssues', () => {
  it('puts each issue on the deepest field its path starts with', () => {
    const fields = [
      { key: 'name' },
      { key: 'config' },
      { key: 'config.webhookUrl' },
      { key: 'config.hosts', lines: true },
      { key: 'config.headers', lines: true },
      { key: 'route' },
      { key: 'route.tags' },
    ];
    expect(
      placeIssues(
        [
          { field: 'config.webhookUrl', message: 'must be an http(s) URL' },
          { field: 'config.hosts[1]', message: 'Invalid URL' },
          { field: 'config.hosts[3]', message: 'Invalid URL' },
          { field: 'config.headers["Bad Name"]', message: 'must be an HTTP header name' },
          { field: 'config', message: 'Unrecognized key: "x"' },
          { field: 'route.tags.all[0]', message: 'Too small' },
          { field: 'route.not[0]', message: 'needs a condition' },
          { field: 'owner', message: 'unknown' },
          { field: '(body)', message: 'must be a JSON object' },
        ],
        fields,
      ),
    ).toEqual({
      fields: {
        'config.webhookUrl': 'must be an http(s) URL',
        'config.hosts': 'line 2: Invalid URL; line 4: Invalid URL',
        'config.headers': '"Bad Name": must be an HTTP header name',
        config: 'Unrecognized key: "x"',
        'route.tags': 'all[0]: Too small',
        route: 'not[0]: needs a condition',
      },
      other: ['owner: unknown', 'must be a JSON object'],
    });
  });
});
