import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api-error.js';
import { decodeSiemCursor, encodeSiemCursor } from './siem-cursor.js';

describe('SIEM cursors', () => {
  it('round-trip, and are refused by the other feed or when not made here', () => {
    expect(decodeSiemCursor('events', encodeSiemCursor('events', 42))).toBe(42);
    expect(decodeSiemCursor('audit', encodeSiemCursor('audit', 0))).toBe(0);
    const refused = (feed: 'events' | 'audit', cursor: string) => {
      try {
        decodeSiemCursor(feed, cursor);
      } catch (err) {
        return err instanceof ApiError && err.status === 400 ? err.issues?.[0]?.message : 'other';
      }
      return 'accepted';
    };
    expect(refused('audit', encodeSiemCursor('events', 1))).toMatch(/siem\/events/);
    for (const bad of [
      'x',
      Buffer.from('{"f":"e","s":-1}').toString('base64url'),
      Buffer.from('{"f":"e","s":1.5}').toString('base64url'),
      Buffer.from('{"f":"e","s":"1"}').toString('base64url'),
      Buffer.from('{"f":"x","s":1}').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
    ])
      expect(refused('events', bad), bad).toBe('is not a cursor returned by this API');
  });
});
