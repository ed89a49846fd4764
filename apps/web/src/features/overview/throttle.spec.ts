import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a burst into one run at the end of the period, counted from creation', () => {
    const fn = vi.fn();
    const t = throttle(fn, 5000);
    t.call();
    t.call();
    vi.advanceTimersByTime(4999);
    t.call();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs at once after a quiet period, then waits again', () => {
    const fn = vi.fn();
    const t = throttle(fn, 5000);
    vi.advanceTimersByTime(6000);
    t.call();
    expect(fn).toHaveBeenCalledTimes(1);
    t.call();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('runs nothing after cancel', () => {
    const fn = vi.fn();
    const t = throttle(fn, 5000);
    t.call();
    t.cancel();
    vi.advanceTimersByTime(10_000);
    expect(fn).not.toHaveBeenCalled();
  });
});
