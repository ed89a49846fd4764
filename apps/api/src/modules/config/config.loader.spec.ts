import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.loader.js';

function yamlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'aerie-config-')), 'aerie.yaml');
  writeFileSync(file, text);
  return file;
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 2801,
      listenAddress: '0.0.0.0',
      dataDir: './data',
      logLevel: 'info',
    });
    expect(c.ingest).toEqual({
      bodyLimit: 1048576,
      batch: { maxSize: 1000, maxWaitMs: 0 },
      defaultCluster: null,
      customFields: {},
      customTags: [],
      requireToken: false,
      rateLimit: { perSecond: 0, burst: null },
    });
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads YAML and lets environment variables override it', () => {
    const file = yamlFile(
      'port: 3000\nlogLevel: debug\ningest:\n  bodyLimit: 2048\n  customFields: {env: prod}\n  batch: {maxSize: 50}\n',
    );
    const c = loadConfig({
      AERIE_CONFIG: file,
      PORT: '4000',
      DATABASE_URL: 'postgres://u@db:5432/aerie',
      AERIE_CUSTOM_TAGS: 'a, b',
      AERIE_CUSTOM_FIELDS: 'region:eu,team:sec',
    });
    expect(c.port).toBe(4000);
    expect(c.logLevel).toBe('debug');
    expect(c.databaseUrl).toBe('postgres://u@db:5432/aerie');
    expect(c.ingest.bodyLimit).toBe(2048);
    expect(c.ingest.batch).toEqual({ maxSize: 50, maxWaitMs: 0 });
    expect(c.ingest.customTags).toEqual(['a', 'b']);
    expect(c.ingest.customFields).toEqual({ region: 'eu', team: 'sec' });
  });

  it('takes JSON for custom fields whose values hold commas or colons', () => {
    const c = loadConfig({ AERIE_CUSTOM_FIELDS: '{"url":"http://x:1/a,b"}' });
    expect(c.ingest.customFields).toEqual({ url: 'http://x:1/a,b' });
  });

  it('reports every wrong key at once, with where it came from', () => {
    const file = yamlFile('prot: 1\ningest:\n  batch:\n    maxSize: 0\n  bodyLimit: "big"\n');
    const found = problems({ AERIE_CONFIG: file, PORT: 'eighty', AERIE_LOG_LEVEL: 'loud' });
    expect(found).toEqual(
      expect.arrayContaining([
        'PORT: must be a non-negative integer, got "eighty"',
        expect.stringMatching(/^\(top level\): unknown key\(s\) prot/),
        expect.stringMatching(/^ingest\.batch\.maxSize: /),
        expect.stringMatching(/^ingest\.bodyLimit: /),
        expect.stringMatching(/^logLevel: .*\(from AERIE_LOG_LEVEL\)$/),
      ]),
    );
  });

  it('explains a bad database URL without echoing it', () => {
    const found = problems({ DATABASE_URL: 'mysql://root:s3cret@db/x' });
    expect(found).toEqual([
      'databaseUrl: must be a postgres:// or postgresql:// URL (from DATABASE_URL)',
    ]);
    expect(found.join()).not.toContain('s3cret');
  });

  it('never echoes the lines of a broken file (they may hold a password)', () => {
    const file = yamlFile('databaseUrl: postgres://aerie:s3cret@db:5432/aerie: x\n');
    const found = problems({ AERIE_CONFIG: file });
    expect(found[0]).toMatch(/at line 1, column \d+/);
    expect(found.join()).not.toContain('s3cret');
  });

  it('reports a missing or broken file', () => {
    expect(problems({ AERIE_CONFIG: '/nonexistent/aerie.yaml' })[0]).toMatch(
      /^AERIE_CONFIG=\/nonexistent/,
    );
    expect(problems({ AERIE_CONFIG: yamlFile('a: [') })[0]).toMatch(/AERIE_CONFIG=/);
    expect(problems({ AERIE_CONFIG: yamlFile('- 1\n- 2\n') })[0]).toMatch(/must be a YAML mapping/);
  });
});
