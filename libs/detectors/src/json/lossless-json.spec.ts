import { describe, expect, it } from 'vitest';
import { isRawNumber, parseLossless, stringifyLossless } from './lossless-json.js';

describe('lossless JSON', () => {
  it('keeps integers beyond 2^53 exactly', () => {
    const text = '{"evt.time":1777629600123456789,"n":-98765432109876543210,"ok":42}';
    const { value, hasRawNumbers } = parseLossless(text);
    expect(hasRawNumbers).toBe(true);
    const obj = value as Record<string, unknown>;
    expect(isRawNumber(obj['evt.time'])).toBe(true);
    expect(obj['ok']).toBe(42);
    expect(stringifyLossless(value)).toBe(text);
  });

  it('leaves long digit runs inside strings alone', () => {
    const text = '{"s":"12345678901234567890","k12345678901234567890":"x\\"12345678901234567890"}';
    const { value, hasRawNumbers } = parseLossless(text);
    expect(hasRawNumbers).toBe(false);
    expect(value).toEqual(JSON.parse(text));
  });

  it('tracks strings across escaped backslashes and quotes', () => {
    const text = '{"a":"x\\\\","b":12345678901234567890,"c":"\\"12345678901234567891"}';
    const { value, hasRawNumbers } = parseLossless(text);
    expect(hasRawNumbers).toBe(true);
    expect(stringifyLossless(value)).toBe(text);
    expect((value as Record<string, unknown>)['c']).toBe('"12345678901234567891');
  });

  it('keeps numbers that round-trip as plain numbers', () => {
    const { value, hasRawNumbers } = parseLossless('[1234567890123456, 0.30000000000000004]');
    expect(hasRawNumbers).toBe(false);
    expect(value).toEqual([1234567890123456, 0.30000000000000004]);
  });

  it('keeps high-precision decimals and exponents exactly', () => {
    const text = '[3.14159265358979323846,1e400,12345678901234567890e-3,1234567.1234567891]';
    const { value } = parseLossless(text);
    expect(stringifyLossless(value)).toBe(text);
  });

  it('rejects invalid JSON like JSON.parse', () => {
    expect(() => parseLossless('{"a":12345678901234567890')).toThrow(SyntaxError);
    expect(() => parseLossless('{')).toThrow(SyntaxError);
    expect(() => parseLossless('[12345678901234567890-1]')).toThrow(SyntaxError);
    expect(() => parseLossless('[012345678901234567890]')).toThrow(SyntaxError);
    expect(() => parseLossless('{"a":1,12345678901234567890:1}')).toThrow(SyntaxError);
  });

  it('cannot be fooled by a string that looks like a marker', () => {
    const { value } = parseLossless('{"a":"\\u0000abc#123"}');
    expect(isRawNumber((value as Record<string, unknown>)['a'])).toBe(false);
  });
});
