import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from './slack-mrkdwn.js';
import { truncate } from './truncate.js';

describe('truncate', () => {
  it('leaves short text alone and cuts long text to max, ending with …', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('a😀😀', 4)).toBe('a😀…');
    expect(truncate('😀😀', 3)).toBe('😀…');
    expect(truncate('😀😀', 2)).toBe('…');
  });

  it('never splits an escape, and counts escaped length', () => {
    expect(truncate('a&b&c', 8, escapeMrkdwn)).toBe('a&amp;b…');
    expect(truncate('a&&c', 8, escapeMrkdwn)).toBe('a&amp;…');
    expect(truncate('<<', 8, escapeMrkdwn)).toBe('&lt;&lt;');
    expect(truncate('<<<', 8, escapeMrkdwn)).toBe('&lt;…');
  });
});
