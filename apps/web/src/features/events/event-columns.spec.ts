import { describe, expect, it } from 'vitest';
import { columnsOf, tableMinWidth, withColumns } from './event-columns';

describe('event columns', () => {
  const ids = (cols: string | null) => columnsOf(cols).map((c) => c.id);

  it('shows the defaults without `cols`, else the named ones in table order', () => {
    expect(ids(null)).toEqual(['time', 'priority', 'rule', 'output', 'namespace', 'host']);
    expect(ids('tags,time,nope')).toEqual(['time', 'tags']);
    expect(ids('nope')).toEqual(ids(null));
  });

  it('writes `cols` only when the choice is not the default', () => {
    const search = new URLSearchParams('priority=error');
    expect(withColumns(search, ['rule', 'time']).toString()).toBe(
      'priority=error&cols=time%2Crule',
    );
    const back = withColumns(new URLSearchParams('cols=rule'), [
      'host',
      'output',
      'namespace',
      'rule',
      'priority',
      'time',
    ]);
    expect(back.has('cols')).toBe(false);
  });

  it('gives the flexible column room', () => {
    expect(tableMinWidth(columnsOf('time,output'))).toBe(200 + 320);
  });
});
