import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, nextPageUrl, wantsNdjson } from './siem-http.js';

const request = (fields: Partial<FastifyRequest>) => fields as FastifyRequest;

describe('next page links', () => {
  const req = request({
    originalUrl: '/aerie/api/v1/siem/events?rule=A+b&limit=10&cursor=old&rule=C',
    url: '/api/v1/siem/events?rule=A+b&limit=10&cursor=old&rule=C',
    protocol: 'http',
    host: '10.0.0.7:2801',
  });

  it('keep every filter, replace the cursor, and come from publicUrl when it is set', () => {
    expect(nextPageUrl(req, 'https://tools.example.com/aerie', 'new')).toBe(
      'https://tools.example.com/aerie/api/v1/siem/events?rule=A+b&limit=10&rule=C&cursor=new',
    );
  });

  it('else from the request as the client sent it (base path included)', () => {
    expect(nextPageUrl(req, undefined, 'new')).toBe(
      'http://10.0.0.7:2801/aerie/api/v1/siem/events?rule=A+b&limit=10&rule=C&cursor=new',
    );
  });
});

describe('content negotiation', () => {
  it('reads Accept and Accept-Encoding with their q values', () => {
    const asking = (headers: Record<string, string>) => request({ headers });
    expect(wantsNdjson(asking({ accept: 'application/x-ndjson' }))).toBe(true);
    expect(wantsNdjson(asking({ accept: 'application/json, application/x-ndjson;q=0.5' }))).toBe(
      true,
    );
    expect(wantsNdjson(asking({ accept: 'application/x-ndjson;q=0' }))).toBe(false);
    expect(wantsNdjson(asking({ accept: '*/*' }))).toBe(false);
    expect(wantsNdjson(asking({}))).toBe(false);
    expect(acceptsGzip(asking({ 'accept-encoding': 'gzip, deflate, br' }))).toBe(true);
    expect(acceptsGzip(asking({ 'accept-encoding': 'br;q=1, gzip;q=0' }))).toBe(false);
    expect(acceptsGzip(asking({ 'accept-encoding': 'identity' }))).toBe(false);
  });
});
