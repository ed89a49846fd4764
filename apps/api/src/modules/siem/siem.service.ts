import type { SiemAuditQuery, SiemEventsQuery, SiemPosition } from '@aerie/contracts';
import type { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../access/principal.js';
import { feedPage } from './feed-page.js';
import { decodeSiemCursor, encodeSiemCursor, type SiemFeed } from './siem-cursor.js';
import type { SiemConsumersRepository } from './siem-consumers.repository.js';
import type { SiemEventsRepository } from './siem-events.repository.js';
import { formatter } from './siem-format.js';

/** A page of a feed, its items produced while the response is written. */
export interface SiemPage {
  items: AsyncIterable<string[]>;
  /** The cursor of the next page; null when a bounded read is complete. */
  next: string | null;
  hasMore: boolean;
}

/** Whose consumers these are: one credential's checkpoints are its own. */
export function ownerOf(p: Principal): string {
  return `${p.kind}:${p.id}`;
}

/** The feeds of the pull API: where a read starts, and its pages. */
export class SiemService {
  constructor(
    private readonly events: SiemEventsRepository,
    private readonly consumers: SiemConsumersRepository,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The seq a read starts after: the cursor's — which, with a consumer, acknowledges everything
   * before it (the consumer's checkpoint moves there) — else the consumer's checkpoint, else 0.
   */
  async start(principal: Principal, feed: SiemFeed, position: Omit<SiemPosition, 'limit'>) {
    const owner = ownerOf(principal);
    if (position.cursor !== undefined) {
      const after = decodeSiemCursor(feed, position.cursor);
      if (position.consumer !== undefined)
        await this.consumers.commit(owner, feed, position.consumer, after);
      return after;
    }
    if (position.consumer !== undefined)
      return this.consumers.position(owner, feed, position.consumer);
    return 0;
  }

  async eventsPage(principal: Principal, query: SiemEventsQuery): Promise<SiemPage> {
    const after = await this.start(principal, 'events', query);
    const page = await this.events.page(principal.scope, query.filter, after, query.limit);
    const render = formatter(query.format);
    const rows = this.events.rows(principal.scope, page.seqs);
    return {
      items: (async function* () {
        for await (const chunk of rows) yield chunk.map((r) => render(r.json));
      })(),
      next: page.next === null ? null : encodeSiemCursor('events', page.next),
      hasMore: page.hasMore,
    };
  }

  async auditPage(principal: Principal, query: SiemAuditQuery): Promise<SiemPage> {
    const after = await this.start(principal, 'audit', query);
    const { entries, head } = await this.audit.after(after, query.limit + 1, query);
    const page = feedPage({
      after,
      rows: entries.map((e) => e.seq),
      head,
      limit: query.limit,
      bounded: false,
    });
    const items = entries.slice(0, page.seqs.length).map((e) => JSON.stringify(e));
    return {
      items: (async function* () {
        yield items;
      })(),
      next: page.next === null ? null : encodeSiemCursor('audit', page.next),
      hasMore: page.hasMore,
    };
  }
}
