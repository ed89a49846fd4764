import { describe, expect, it } from 'vitest';
import { corpusCases, GOLDEN_CONTEXT } from '../../test-support/corpus-events.js';
import { fillTemplate, parseTemplate, type TemplatePart } from './message-template.js';
import { escapeMrkdwn } from './slack-mrkdwn.js';

const event = corpusCases().find((c) => c.name === 'brackets')!.event.event;

function fill(template: string): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.error);
  return fillTemplate(parsed.parts, event, GOLDEN_CONTEXT.eventUrl, escapeMrkdwn);
}

describe('messageFormat templates', () => {
  it("renders Falcosidekick's documented example", () => {
    expect(
      fill('Alert : rule *{{ .Rule }}* triggered by user *{{ index .OutputFields "user.name" }}*'),
    ).toBe('Alert : rule *Terminal shell in container* triggered by user *root*');
  });

  it('knows every variable, with or without spaces, and bracketed field names', () => {
    expect(
      fill(
        '{{.Priority}}|{{ .Source }}|{{ .Time }}|{{ .Hostname }}|{{ .Cluster }}|{{ .Namespace }}|' +
          '{{ .Pod }}|{{ .ID }}|{{ .EventURL }}|{{ index .OutputFields "proc.aname[2]" }}|' +
          '{{ index .OutputFields `user.uid` }}|{{ index .OutputFields "absent" }}|{{ .Tags }}',
      ),
    ).toBe(
      'Notice|syscall|2026-05-01T10:00:00.123456789Z|ip-10-0-10-40.eu-west-1.compute.internal|' +
        'prod-eu-west-1|payments|payments-api-7d9f8b6c5d-x2x7k|' +
        `${event.id}|${GOLDEN_CONTEXT.eventUrl}|containerd-shim|0||T1059, container, maturity_stable, mitre_execution, shell`,
    );
  });

  it('escapes values but not the template text', () => {
    const parsed = parseTemplate('<!here> {{ .Output }}');
    if (!parsed.ok) throw new Error(parsed.error);
    const e = { ...event, output: '<!channel> & co' };
    expect(fillTemplate(parsed.parts, e, '', escapeMrkdwn)).toBe(
      '<!here> &lt;!channel&gt; &amp; co',
    );
  });

  it('refuses anything but variables and index, naming what is allowed', () => {
    for (const bad of [
      '{{ .Nope }}',
      '{{ printf "%s" .Rule }}',
      '{{ range .Tags }}{{ . }}{{ end }}',
      '{{ index .OutputFields user.name }}',
      'open {{ .Rule',
    ]) {
      const parsed = parseTemplate(bad);
      expect(parsed.ok, bad).toBe(false);
    }
    const parsed = parseTemplate('{{ .Nope }}');
    expect(!parsed.ok && parsed.error).toMatch(/Output, Priority, Rule/);
  });

  it('keeps plain text as it is', () => {
    const parsed = parseTemplate('no actions here');
    expect(parsed).toEqual({
      ok: true,
      parts: [{ text: 'no actions here' }] satisfies TemplatePart[],
    });
  });
});
