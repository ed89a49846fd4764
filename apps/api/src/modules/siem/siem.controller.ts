import { Controller, Delete, Get, HttpCode, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  parseSiemAuditQuery,
  parseSiemEventsQuery,
  parseSiemStreamQuery,
  type Parsed,
  type RawQuery,
  type SiemConsumer,
} from '@aerie/contracts';
import { ApiError } from '../../shared/api-error.js';
import { Access } from '../access/access.js';
import type { Principal } from '../access/principal.js';
import { encodeSiemCursor, type SiemFeed } from './siem-cursor.js';
import { SiemConsumersRepository } from './siem-consumers.repository.js';
import {
  JSON_TYPE,
  NDJSON_TYPE,
  jsonPage,
  ndjsonPage,
  nextPageUrl,
  sendStream,
  wantsNdjson,
} from './siem-http.js';
import { SiemRateLimit } from './siem-rate-limit.js';
import { ownerOf, SiemService, type SiemPage } from './siem.service.js';
import { SiemStreams } from './siem-streams.js';

/** How the pull API builds absolute next links (publicUrl, when Aerie sits behind a proxy). */
export class SiemLinks {
  constructor(readonly publicUrl: string | undefined) {}
}

/**
 * The pull API for SIEMs (docs/siem.md): events and the audit trail in commit order behind
 * opaque cursors, as JSON pages, NDJSON pages or a long-lived NDJSON stream; named consumers;
 * a request budget per token. Tokens need `siem:read` (the audit feed: `admin`).
 */
@Controller('/api/v1/siem')
export class SiemController {
  constructor(
    private readonly siem: SiemService,
    private readonly consumers: SiemConsumersRepository,
    private readonly streams: SiemStreams,
    private readonly limits: SiemRateLimit,
    private readonly links: SiemLinks,
    private readonly access: Access,
  ) {}

  @Get('/events')
  async events(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: RawQuery,
  ): Promise<void> {
    const principal = await this.caller(req, reply, 'read');
    const parsed = valid(parseSiemEventsQuery(query));
    this.sendPage(req, reply, await this.siem.eventsPage(principal, parsed));
  }

  @Get('/stream')
  async stream(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: RawQuery,
  ): Promise<void> {
    const principal = await this.caller(req, reply, 'read');
    const parsed = valid(parseSiemStreamQuery(query));
    const after = await this.siem.start(principal, 'events', parsed);
    const slot = this.streams.acquire(ownerOf(principal));
    // The response closes when it ends, or when the client goes away mid-stream.
    reply.raw.on('close', () => slot.abort());
    const lines = this.streams.follow({
      scope: principal.scope,
      filter: parsed.filter,
      format: parsed.format,
      heartbeatMs: parsed.heartbeatMs,
      after,
      signal: slot.signal,
      recheck: async () => {
        try {
          return (await this.reader(req)).scope;
        } catch {
          return undefined;
        }
      },
    });
    sendStream(req, reply, lines, NDJSON_TYPE, { 'cache-control': 'no-store' }, true);
  }

  @Get('/audit')
  async audit(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: RawQuery,
  ): Promise<void> {
    const principal = await this.caller(req, reply, 'admin');
    const parsed = valid(parseSiemAuditQuery(query));
    this.sendPage(req, reply, await this.siem.auditPage(principal, parsed));
  }

  /** The caller's named consumers and their checkpoints. */
  @Get('/consumers')
  async list(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ items: SiemConsumer[] }> {
    const principal = await this.caller(req, reply, 'read');
    const rows = await this.consumers.list(ownerOf(principal));
    return {
      items: rows.map((r) => ({
        name: r.name,
        feed: r.feed,
        cursor: encodeSiemCursor(r.feed, r.position),
        created_at: r.created_at,
        updated_at: r.updated_at,
      })),
    };
  }

  /** Forgets a consumer: its next read starts from the oldest event again. */
  @Delete('/consumers/:feed/:name')
  @HttpCode(204)
  async remove(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param('feed') feed: string,
    @Param('name') name: string,
  ): Promise<void> {
    const principal = await this.caller(req, reply, 'read');
    if (feed !== 'events' && feed !== 'audit')
      throw ApiError.invalid('invalid_path', [
        { field: 'feed', message: 'must be events or audit' },
      ]);
    if (!(await this.consumers.remove(ownerOf(principal), feed as SiemFeed, name)))
      throw new ApiError(404, 'not_found', `no consumer ${JSON.stringify(name)} of ${feed}`);
  }

  /**
   * Who calls, within its request budget: `read` needs the scope siem:read (people have it;
   * an events:read-only token does not), `admin` the admin scope. Rate-limit headers go on the
   * reply now, so errors carry them too.
   */
  private async caller(
    req: FastifyRequest,
    reply: FastifyReply,
    need: 'read' | 'admin',
  ): Promise<Principal> {
    const principal =
      need === 'read' ? await this.reader(req) : await this.access.require(req, need);
    void reply.headers(this.limits.take(principal));
    return principal;
  }

  /** A caller with siem:read (or admin): 401 without a valid credential, 403 without the scope. */
  private async reader(req: FastifyRequest): Promise<Principal> {
    const principal = await this.access.require(req, 'read');
    if (!principal.scopes.some((s) => s === 'siem:read' || s === 'admin'))
      throw new ApiError(403, 'forbidden', 'this token needs the scope siem:read');
    return principal;
  }

  /** JSON, or NDJSON when asked; the next page in `Link` and `X-Next-Cursor` too. */
  private sendPage(req: FastifyRequest, reply: FastifyReply, page: SiemPage): void {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (page.next !== null) {
      headers['link'] = `<${nextPageUrl(req, this.links.publicUrl, page.next)}>; rel="next"`;
      headers['x-next-cursor'] = page.next;
    }
    if (wantsNdjson(req)) sendStream(req, reply, ndjsonPage(page.items), NDJSON_TYPE, headers);
    else sendStream(req, reply, jsonPage(page.items, page.next, page.hasMore), JSON_TYPE, headers);
  }
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw ApiError.invalid('invalid_query', parsed.issues);
  return parsed.value;
}
