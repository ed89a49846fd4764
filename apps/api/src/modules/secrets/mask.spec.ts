import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from '../config/config.schema.js';
import { createLogger } from '../../shared/logger.js';
import { LOG_REDACT_PATHS, MASK, isSecretKey, maskSecrets, maskString } from './mask.js';

const TOKEN = `aerie_${'A1b2C3d4'.repeat(5)}xyz`; // the shape of a real Aerie token (43 chars)
const SLACK = 'https://hooks.slack.com/services/T0001/B0002/XXXXsecretXXXX';

describe('maskSecrets', () => {
  it('masks secret-named keys at any depth, in objects and arrays, keeping nothing of them', () => {
    const input = {
      name: 'prod',
      password: 'hunter2',
      outputs: [
        { type: 'slack', webhookUrl: SLACK, channel: '#alerts' },
        { type: 'splunk', hecToken: 'splunk-hec-123', url: 'https://splunk:8088' },
        {
          type: 'elasticsearch',
          auth: { username: 'elastic', api_key: 'es-key-1', 'X-Api-Key': 'es-key-2' },
        },
        { type: 'kafka', sasl: { saslPassword: 'kafka-pw', mechanism: 'plain' } },
        { type: 'pagerduty', routingKey: 'pd-routing-key' },
      ],
      oidc: { clientId: 'aerie', clientSecret: 'oidc-secret' },
      headers: { Authorization: 'Bearer abc', 'set-cookie': ['sid=1', 'x=2'], Accept: '*/*' },
      credentials: { user: 'u', key: 'nested-under-a-secret' },
    };
    const masked = maskSecrets(input);
    expect(masked).toEqual({
      name: 'prod',
      password: MASK,
      outputs: [
        { type: 'slack', webhookUrl: MASK, channel: '#alerts' },
        { type: 'splunk', hecToken: MASK, url: 'https://splunk:8088' },
        {
          type: 'elasticsearch',
          auth: { username: 'elastic', api_key: MASK, 'X-Api-Key': MASK },
        },
        { type: 'kafka', sasl: { saslPassword: MASK, mechanism: 'plain' } },
        { type: 'pagerduty', routingKey: MASK },
      ],
      oidc: { clientId: 'aerie', clientSecret: MASK },
      headers: { Authorization: MASK, 'set-cookie': [MASK, MASK], Accept: '*/*' },
      credentials: { user: MASK, key: MASK },
    });
    // The input is untouched.
    expect(input.password).toBe('hunter2');
    expect(input.headers['set-cookie']).toEqual(['sid=1', 'x=2']);
  });

  it('keeps booleans, numbers and null under secret names: they are settings, not secrets', () => {
    expect(maskSecrets({ requireToken: true, maxTokens: 5, token: null, secretTtl: 3 })).toEqual({
      requireToken: true,
      maxTokens: 5,
      token: null,
      secretTtl: 3,
    });
  });

  it('does not mask keys that only look close: ids, prefixes, files, auth sections', () => {
    const value = {
      tokenId: 'tok-1',
      tokenPrefix: 'aerie_abc123',
      keyFile: '/etc/aerie/tls.key',
      accessKeyId: 'AKIAEXAMPLE',
      auth: { sessionTtlSeconds: 60 },
      key: 'group-key',
    };
    expect(maskSecrets(value)).toEqual(value);
  });

  it('masks secrets inside strings: URL passwords, credential query parameters, webhooks, tokens', () => {
    expect(maskString('postgres://aerie:s3cr@t@db:5432/aerie')).toBe(
      `postgres://aerie:${MASK}@db:5432/aerie`,
    );
    expect(maskString('connect failed: amqp://guest:guest@rabbit:5672/ refused')).toBe(
      `connect failed: amqp://guest:${MASK}@rabbit:5672/ refused`,
    );
    expect(maskString('/?token=aerie_x1&cluster=prod')).toBe(`/?token=${MASK}&cluster=prod`);
    expect(maskString('https://x.blob.core.windows.net/c?sv=2022&sig=abc%2Bdef&se=1')).toBe(
      `https://x.blob.core.windows.net/c?sv=2022&sig=${MASK}&se=1`,
    );
    expect(maskString(`posting to ${SLACK} failed`)).toBe(
      `posting to https://hooks.slack.com/${MASK} failed`,
    );
    expect(maskString('https://discord.com/api/webhooks/123/abcDEF')).toBe(
      `https://discord.com/api/webhooks/${MASK}`,
    );
    expect(maskString(`denied ${TOKEN}.`)).toBe(`denied aerie_${MASK}.`);
    // Nothing to hide: unchanged.
    for (const plain of ['https://es:9200/_bulk?refresh=true', 'a=b', 'hello world']) {
      expect(maskString(plain)).toBe(plain);
    }
  });

  it('takes linear time on hostile strings (log lines may hold attacker input)', () => {
    const started = performance.now();
    for (const hostile of [
      ';a'.repeat(50_000),
      '&a'.repeat(50_000),
      `${'a'.repeat(100_000)}://u:${'p'.repeat(100_000)}`,
      'x://:'.repeat(20_000),
      'a.'.repeat(50_000),
      `${'a.'.repeat(50_000)}://u:p@h`,
    ]) {
      maskString(hostile);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('applies string masking to values of any key, and accepts extra secret names', () => {
    expect(
      maskSecrets({ databaseUrl: 'postgres://u:p4ss@db/aerie', pin: '1234' }, ['PIN']),
    ).toEqual({ databaseUrl: `postgres://u:${MASK}@db/aerie`, pin: MASK });
  });

  it('survives cycles and keeps shared references, dates and errors', () => {
    const shared = { password: 'x' };
    const node: Record<string, unknown> = { a: shared, b: shared, at: new Date(0) };
    node['self'] = node;
    const masked = maskSecrets(node);
    expect(masked).toMatchObject({
      a: { password: MASK },
      b: { password: MASK },
      self: '[Circular]',
    });
    expect(masked['at']).toBeInstanceOf(Date);
  });

  it('masks the secrets of the configuration', () => {
    const config = ConfigSchema.parse({
      databaseUrl: 'postgres://aerie:db-password@db/aerie',
      auth: {
        oidc: {
          issuer: 'https://idp.example',
          clientId: 'aerie',
          clientSecret: 'oidc-client-secret',
          redirectUri: 'https://aerie.example/api/v1/auth/oidc/callback',
        },
      },
    });
    const text = JSON.stringify(maskSecrets(config));
    expect(text).not.toContain('db-password');
    expect(text).not.toContain('oidc-client-secret');
    expect(text).toContain('"clientId":"aerie"');
    expect(text).toContain('@db/aerie');
  });

  it('names secret keys case- and separator-insensitively', () => {
    for (const key of ['PASSWORD', 'db_password', 'client-secret', 'x-api-key', 'Set-Cookie']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['name', 'url', 'tokens', 'passwordChangedAt', 'keyFile']) {
      expect(isSecretKey(key)).toBe(false);
    }
  });
});

/** A real pino logger writing real lines into memory. */
function capture(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('info', stream), text: () => chunks.join('') };
}

describe('log lines', () => {
  it('never carry an Authorization header, cookies or a query token', () => {
    const { logger, text } = capture();
    logger.info(
      {
        req: {
          method: 'GET',
          url: `/api/v1/events?token=${TOKEN}`,
          headers: {
            authorization: `Bearer ${TOKEN}`,
            cookie: 'aerie_session=s3ss10n',
            'user-agent': 'curl/8',
          },
          query: { token: TOKEN },
        },
        res: { headers: { 'set-cookie': 'aerie_session=s3ss10n; HttpOnly' } },
      },
      'request',
    );
    const line = JSON.parse(text()) as {
      msg: string;
      req: { url: string; headers: Record<string, string>; query: Record<string, string> };
      res: { headers: Record<string, string> };
    };
    expect(text()).not.toContain(TOKEN);
    expect(text()).not.toContain('s3ss10n');
    expect(line.msg).toBe('request');
    expect(line.req.headers['authorization']).toBe(MASK);
    expect(line.req.headers['cookie']).toBe(MASK);
    expect(line.req.headers['user-agent']).toBe('curl/8');
    expect(line.req.query['token']).toBe(MASK);
    expect(line.req.url).toBe(`/api/v1/events?token=${MASK}`);
    expect(line.res.headers['set-cookie']).toBe(MASK);
  });

  it('mask config secrets, error properties, child bindings and message strings', () => {
    const { logger, text } = capture();
    logger.info({ config: { auth: { oidc: { clientSecret: 'oidc-secret-1' } } } }, 'config');
    const err = Object.assign(new Error('connect to postgres://u:db-pw-2@db failed'), {
      config: { headers: { Authorization: 'Bearer axios-leak-3' } },
    });
    logger.error({ err }, 'unexpected');
    logger.child({ password: 'bound-pw-4' }).warn('from a child');
    logger.warn('sending to %s', SLACK);
    logger.warn(`plain message with postgres://u:msg-pw-5@db`);
    logger.error(new Error('direct amqp://u:direct-pw-6@mq'));
    // pino's err serializer appends the cause's message and stack.
    const outer = new Error('wrapped', { cause: new Error('inner postgres://u:cause-pw-7@db') });
    logger.error({ err: outer }, 'with a cause');
    const out = text();
    for (const secret of [
      'oidc-secret-1',
      'db-pw-2',
      'axios-leak-3',
      'bound-pw-4',
      'XXXXsecretXXXX',
      'msg-pw-5',
      'direct-pw-6',
      'cause-pw-7',
    ]) {
      expect(out).not.toContain(secret);
    }
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; err?: { type: string; message: string } });
    expect(lines).toHaveLength(7);
    // Errors stay useful: their class, their message without the password.
    expect(lines[1]?.err).toMatchObject({
      type: 'Error',
      message: `connect to postgres://u:${MASK}@db failed`,
    });
    expect(lines[5]).toMatchObject({ msg: `direct amqp://u:${MASK}@mq` });
    expect(lines[6]?.err?.message).toBe(`wrapped: inner postgres://u:${MASK}@db`);
  });

  it('keeps an error an instance of its class, with masked own properties', () => {
    class HttpError extends Error {}
    const err = Object.assign(new HttpError('boom https://u:pw-8@h'), {
      status: 500,
      token: 't-9',
    });
    const masked = maskSecrets(err);
    expect(masked).toBeInstanceOf(HttpError);
    expect(masked.message).toBe(`boom https://u:${MASK}@h`);
    expect(masked.stack).not.toContain('pw-8');
    expect(masked).toMatchObject({ status: 500, token: MASK });
    expect(err.token).toBe('t-9');
  });

  it('has redact paths that pino accepts and that work even without the masking formatter', () => {
    const chunks: string[] = [];
    const plain = pino(
      { redact: { paths: [...LOG_REDACT_PATHS], censor: MASK } },
      new Writable({
        write(chunk: Buffer, _e, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
    );
    plain.info({ req: { headers: { authorization: 'Bearer zzz-1' }, query: { token: 'zzz-2' } } });
    expect(chunks.join('')).not.toMatch(/zzz-/);
  });
});
