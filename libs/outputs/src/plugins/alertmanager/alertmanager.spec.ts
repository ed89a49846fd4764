import { describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { alertmanagerPostableAlertsValidator } from '../../test-support/contract-schemas.js';
import { expectGolden, goldenMessage } from '../../test-support/golden.js';
import type { HttpAnswer } from '../../output.js';
import { classifyAlertmanager } from './alertmanager.classify.js';
import { AlertmanagerConfigSchema, perHost } from './alertmanager.config.js';
import { labelName } from './alertmanager.labels.js';
import { alertmanagerOutput } from './alertmanager.output.js';
import type { PostableAlert } from './alertmanager.render.js';

const cases = corpusCases();
const config = AlertmanagerConfigSchema.parse({
  hosts: ['http://alertmanager-0.monitoring:9093'],
  extraLabels: { team: 'security' },
  extraAnnotations: { runbook_url: 'https://runbooks.example.com/falco' },
});
const validate = alertmanagerPostableAlertsValidator();
const alerts = (body: string) => JSON.parse(body) as PostableAlert[];

describe('alertmanager render over the Falco rules corpus', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s matches its golden file', (name, c) => {
    expectGolden(
      import.meta.url,
      name,
      goldenMessage(alertmanagerOutput.render([c.event], config, GOLDEN_CONTEXT)),
    );
  });

  it('renders the whole corpus as one valid postableAlerts batch', () => {
    expect(alertmanagerOutput.maxBatch).toBeGreaterThan(1);
    const message = alertmanagerOutput.render(
      cases.map((c) => c.event),
      config,
      GOLDEN_CONTEXT,
    );
    expect(message).toMatchObject({
      method: 'POST',
      url: 'http://alertmanager-0.monitoring:9093/api/v2/alerts',
    });
    expect(message.headers['content-type']).toBe('application/json');
    const body = alerts(message.body);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toHaveLength(cases.length);
    for (const [i, alert] of body.entries()) {
      const e = cases[i]!.event.event;
      // Label names Alertmanager accepts (it answers 400 "invalid label set" otherwise).
      for (const name of Object.keys(alert.labels))
        expect(name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(alert.labels).toMatchObject({
        alertname: e.rule,
        rule: e.rule,
        priority: e.priority,
        source: e.source,
        boundary: e.boundary,
        team: 'security',
      });
      expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.parse(alert.startsAt));
      // Each alert links to its own event, derived from the first event's URL.
      expect(alert.generatorURL).toBe(`https://aerie.example.com/events/${e.id}`);
    }
  });

  it('keeps the exact ns evt.time in the fields annotation', () => {
    const c = cases.find((x) => x.event.rawJson.includes('"evt.time":'));
    if (!c) throw new Error('no syscall case');
    const [alert] = alerts(alertmanagerOutput.render([c.event], config, GOLDEN_CONTEXT).body);
    expect(alert?.annotations['fields']).toContain('"evt.time":1777629600123456789');
  });

  it('expires from the later of the event time and now', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const short = { ...config, expiresAfterSeconds: 60 };
    const late = { ...GOLDEN_CONTEXT, now: new Date('2026-05-02T00:00:00Z') };
    const [a] = alerts(alertmanagerOutput.render([c.event], short, late).body);
    expect(a?.startsAt).toBe('2026-05-01T10:00:00.123Z');
    expect(a?.endsAt).toBe('2026-05-02T00:01:00.000Z');
    const early = { ...GOLDEN_CONTEXT, now: new Date('2026-05-01T09:00:00Z') };
    const [b] = alerts(alertmanagerOutput.render([c.event], short, early).body);
    expect(b?.endsAt).toBe('2026-05-01T10:01:00.123Z');
  });

  it('leaves generatorURL out when the event link is not absolute (Alertmanager answers 422)', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const [a] = alerts(
      alertmanagerOutput.render([c.event], config, { ...GOLDEN_CONTEXT, eventUrl: '/events/1' })
        .body,
    );
    expect(a).not.toHaveProperty('generatorURL');
  });

  it('does not let extra labels replace Aerie’s own, and refuses invalid names at config time', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const spoof = AlertmanagerConfigSchema.parse({
      hosts: ['http://am:9093'],
      extraLabels: { priority: 'Debug' },
    });
    const [a] = alerts(alertmanagerOutput.render([c.event], spoof, GOLDEN_CONTEXT).body);
    expect(a?.labels['priority']).toBe(c.event.event.priority);
    expect(
      AlertmanagerConfigSchema.safeParse({
        hosts: ['http://am:9093'],
        extraLabels: { 'alert-name': 'x' },
      }).success,
    ).toBe(false);
    expect(AlertmanagerConfigSchema.safeParse({ hosts: [] }).success).toBe(false);
  });

  it('one request per host: perHost splits (the engine posts to each), render refuses several hosts', () => {
    const [c] = cases;
    if (!c) throw new Error('empty corpus');
    const ha = AlertmanagerConfigSchema.parse({
      hosts: ['http://am-0:9093/', 'http://am-1:9093'],
      endpoint: '/prefix/api/v2/alerts',
    });
    expect(() => alertmanagerOutput.render([c.event], ha, GOLDEN_CONTEXT)).toThrow(/perHost/);
    expect(
      perHost(ha).map((h) => alertmanagerOutput.render([c.event], h, GOLDEN_CONTEXT).url),
    ).toEqual(['http://am-0:9093/prefix/api/v2/alerts', 'http://am-1:9093/prefix/api/v2/alerts']);
  });

  it('sanitises label names to Prometheus syntax', () => {
    expect(labelName('k8s.ns.name')).toBe('k8s_ns_name');
    expect(labelName('proc.aname[2]')).toBe('proc_aname_2');
    expect(labelName('jevt.value[/user/username]')).toBe('jevt_value_user_username');
    expect(labelName('9lives')).toBe('_9lives');
    expect(labelName('__meta')).toBe('_meta');
    expect(labelName('ok_name')).toBe('ok_name');
    expect(labelName('été')).toBe('_t');
    expect(labelName('…')).toBe('label');
  });
});

describe('alertmanager classify (answers observed on 0.25.0, NOTES.md §7c)', () => {
  const answer = (status: number, body: string): HttpAnswer => ({ status, headers: {}, body });
  it('200 with an empty body is delivered', () => {
    expect(classifyAlertmanager(answer(200, ''))).toEqual({ ok: true });
  });
  it('400 and 422 are permanent', () => {
    expect(
      classifyAlertmanager(answer(400, '"invalid label set: invalid name \\"alert-name\\""')),
    ).toEqual({
      ok: false,
      retryable: false,
      error: 'Alertmanager HTTP 400: "invalid label set: invalid name \\"alert-name\\""',
    });
    expect(classifyAlertmanager(answer(400, '"start time must be before end time"'))).toMatchObject(
      { retryable: false },
    );
    expect(
      classifyAlertmanager(answer(422, '{"code":602,"message":"0.labels in body is required"}')),
    ).toMatchObject({ ok: false, retryable: false });
    expect(
      classifyAlertmanager(answer(415, '{"code":415,"message":"unsupported media type"}')),
    ).toMatchObject({ ok: false, retryable: false });
  });
  it('5xx is retried', () => {
    expect(classifyAlertmanager(answer(500, ''))).toMatchObject({ ok: false, retryable: true });
    expect(classifyAlertmanager(answer(503, 'Service Unavailable'))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});
