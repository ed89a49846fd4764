import type { StoredEvent } from '@aerie/contracts';
import { formatUtc } from '../../shared/format';
import { PriorityBadge } from '../../shared/priority-badge';

const NONE = '—';

/** Events as a table, in the order given. */
export function EventsTable({ events, caption }: { events: StoredEvent[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="events">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Priority</th>
            <th scope="col">Rule</th>
            <th scope="col">Source</th>
            <th scope="col">Host</th>
            <th scope="col">Namespace</th>
            <th scope="col">Boundary</th>
            <th scope="col">Output</th>
          </tr>
        </thead>
        <tbody>
          {events.length === 0 ? (
            <tr>
              <td colSpan={8} className="events__empty">
                No events yet. Point Falco&apos;s <code>http_output.url</code> at this server.
              </td>
            </tr>
          ) : (
            events.map((e) => (
              <tr key={e.id}>
                <td className="events__time">
                  <time dateTime={e.time}>{formatUtc(e.time)}</time>
                </td>
                <td>
                  <PriorityBadge priority={e.priority} />
                </td>
                <td className="events__rule">{e.rule}</td>
                <td className="events__nowrap">{e.source}</td>
                <td className="events__nowrap">{e.hostname ?? NONE}</td>
                <td className="events__nowrap">{e.namespace ?? NONE}</td>
                <td>
                  <span className={`boundary boundary--${e.boundary}`}>{e.boundary}</span>
                </td>
                <td className="events__output">
                  <div title={e.output ?? undefined}>{e.output ?? NONE}</div>
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
