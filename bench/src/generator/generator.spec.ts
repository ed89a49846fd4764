import { PRIORITIES } from '@aerie/contracts';
import { describe, expect, it } from 'vitest';
import { createGenerator, generateEvents, loadRules, toJson } from '../index.js';
import { parseTemplate } from './template.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');
const rules = loadRules();
const enabled = rules.filter((r) => r.enabled);
const events = generateEvents(3000, 'spec', NOW);

describe('loadRules', () => {
  it('reads every source of the corpus, with Falco priority names', () => {
    const sources = new Set(rules.map((r) => r.source));
    expect([...sources].sort()).toEqual([
      'aws_cloudtrail',
      'gcp_auditlog',
      'github',
      'k8s_audit',
      'okta',
      'syscall',
    ]);
    for (const r of rules) {
      expect(r.output.length).toBeGreaterThan(0);
      expect(PRIORITIES).toContain(r.priority);
    }
    expect(rules.some((r) => !r.enabled)).toBe(true);
  });
});

describe('generator', () => {
  it('produces every source of the corpus, each once within the first events', () => {
    const sources = [...new Set(enabled.map((r) => r.source))].sort();
    const first = generateEvents(sources.length, 'lap', NOW).map((e) => e.source);
    expect(first.sort()).toEqual(sources);
    expect(new Set(events.map((e) => e.source))).toEqual(new Set(sources));
  });

  it('expands every placeholder of the rule output', () => {
    for (const e of events) {
      expect(e.output).not.toMatch(/%\(?[A-Za-z_]/);
      const rule = enabled.find((r) => r.name === e.rule);
      expect(rule).toBeDefined();
      for (const part of parseTemplate(rule?.output ?? '')) {
        if ('field' in part) expect(e.output_fields).toHaveProperty([part.field]);
      }
    }
  });

  it('shapes events as Falco does', () => {
    for (const e of events) {
      expect(e.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
      expect(e.output.startsWith(`${e.time.slice(11, 29)}: ${e.priority} `)).toBe(true);
      expect(Object.keys(e.output_fields).length).toBeGreaterThan(1);
      expect(e.hostname.length).toBeGreaterThan(0);
      expect(e.tags).toEqual([...e.tags].sort());
    }
    const fields = events.flatMap((e) => Object.entries(e.output_fields));
    expect(fields.some(([, v]) => v === null)).toBe(true);
    expect(fields.some(([k, v]) => k === 'user.uid' && typeof v === 'number')).toBe(true);
    expect(fields.some(([k]) => /\[\d+\]$/.test(k))).toBe(true);
    expect(fields.some(([k]) => k === 'k8s.cluster.name')).toBe(true);
    const pods = fields.filter(([k]) => k === 'k8s.pod.name').map(([, v]) => v);
    expect(pods).toContainEqual(
      expect.stringMatching(
        /^[a-z-]+-[bcdfghjklmnpqrstvwxz2456789]{9,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      ),
    );
  });

  it('writes evt.time as the exact integer of nanoseconds in the JSON text', () => {
    const g = createGenerator({ seed: 7, now: NOW });
    for (let i = 0; i < 200; i++) {
      const text = g.nextJson();
      const time = /"time":"([^"]+)"/.exec(text)?.[1] ?? '';
      const digits = /"evt\.time":(\d+)/.exec(text)?.[1] ?? '';
      const [, hms = '', frac = ''] = /T(\d\d:\d\d:\d\d)\.(\d{9})Z$/.exec(time) ?? [];
      const expected = BigInt(Date.parse(`${time.slice(0, 19)}Z`)) * 1_000_000n + BigInt(frac);
      expect(digits).toBe(expected.toString());
      expect(BigInt(digits) > 2n ** 53n).toBe(true);
      expect(text).toContain(`"output":"${hms}.${frac}: `);
    }
  });

  it('serialises objects and JSON text consistently', () => {
    const e = events[0];
    if (!e) throw new Error('no event');
    const parsed: unknown = JSON.parse(toJson(e));
    expect(parsed).toEqual(e);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = createGenerator({ seed: 'same', now: NOW });
    const b = createGenerator({ seed: 'same', now: NOW });
    const c = createGenerator({ seed: 'other', now: NOW });
    const as = Array.from({ length: 300 }, () => a.nextJson());
    expect(Array.from({ length: 300 }, () => b.nextJson())).toEqual(as);
    expect(Array.from({ length: 300 }, () => c.nextJson())).not.toEqual(as);
  });

  it('only shifts timestamps when `now` changes', () => {
    const [a] = generateEvents(1, 3, NOW);
    const [b] = generateEvents(1, 3, NOW + 3_600_000);
    expect(b?.rule).toBe(a?.rule);
    expect(b?.output_fields['proc.cmdline']).toEqual(a?.output_fields['proc.cmdline']);
    expect(b?.time).not.toBe(a?.time);
  });

  it('uses only the rules it is given', () => {
    const okta = enabled.filter((r) => r.source === 'okta');
    const g = createGenerator({ seed: 1, rules: okta, now: NOW });
    expect(g.sources).toEqual(['okta']);
    expect(g.next().source).toBe('okta');
  });
});
