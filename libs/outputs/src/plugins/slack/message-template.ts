import type { StoredEventDetail } from '@aerie/contracts';

/**
 * A small, safe subset of Falcosidekick's `messageformat` (a Go template), so existing settings
 * keep working: `{{ .Rule }}`, `{{ .Priority }}`, `{{ .Output }}`, `{{ .Time }}`, `{{ .Source }}`,
 * `{{ .Hostname }}`, `{{ .Tags }}`, `{{ index .OutputFields "user.name" }}`, plus Aerie's own
 * `{{ .Cluster }}`, `{{ .Namespace }}`, `{{ .Pod }}`, `{{ .ID }}` and `{{ .EventURL }}`.
 * No logic, no functions: a template cannot run code or loop, and errors surface when the setting
 * is saved, not when an alert is sent.
 */
export type TemplatePart = { text: string } | { variable: TemplateVariable } | { field: string };

export const TEMPLATE_VARIABLES = [
  'Output',
  'Priority',
  'Rule',
  'Time',
  'Source',
  'Hostname',
  'Tags',
  'Cluster',
  'Namespace',
  'Pod',
  'ID',
  'EventURL',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

const ACTION = /\{\{(.*?)\}\}/gs;
const VARIABLE = /^\.([A-Za-z]+)$/;
// Go string literals: "…" (with \" and \\ escapes) or `…`.
const INDEX = /^index\s+\.OutputFields\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)$/;

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | { ok: false; error: string };

export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(ACTION)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    last = match.index + match[0].length;
    const action = (match[1] ?? '').trim();
    const variable = VARIABLE.exec(action)?.[1];
    if (variable !== undefined && isVariable(variable)) {
      parts.push({ variable });
      continue;
    }
    const index = INDEX.exec(action);
    if (index) {
      parts.push({
        field: index[1] !== undefined ? index[1].replace(/\\(.)/g, '$1') : (index[2] ?? ''),
      });
      continue;
    }
    return {
      ok: false,
      error:
        `unsupported template action {{${match[1] ?? ''}}}: use {{ .Name }} with Name one of ` +
        `${TEMPLATE_VARIABLES.join(', ')}, or {{ index .OutputFields "field.name" }}`,
    };
  }
  if (template.includes('{{', last)) return { ok: false, error: 'unclosed {{ in template' };
  if (last < template.length) parts.push({ text: template.slice(last) });
  return { ok: true, parts };
}

/**
 * Fills a parsed template. `escape` is applied to the event's values only: the template's own text
 * is the operator's formatting (e.g. Slack `*bold*`), the values come from whoever caused the event.
 */
export function fillTemplate(
  parts: readonly TemplatePart[],
  event: StoredEventDetail,
  eventUrl: string,
  escape: (s: string) => string,
): string {
  return parts
    .map((part) => {
      if ('text' in part) return part.text;
      if ('field' in part) return escape(fieldText(event.output_fields[part.field]));
      return escape(variableText(part.variable, event, eventUrl));
    })
    .join('');
}

function variableText(variable: TemplateVariable, e: StoredEventDetail, eventUrl: string): string {
  switch (variable) {
    case 'Output':
      return e.output ?? '';
    case 'Priority':
      return e.priority;
    case 'Rule':
      return e.rule;
    case 'Time':
      return e.time;
    case 'Source':
      return e.source;
    case 'Hostname':
      return e.hostname ?? '';
    case 'Tags':
      return e.tags.join(', ');
    case 'Cluster':
      return e.cluster ?? '';
    case 'Namespace':
      return e.namespace ?? '';
    case 'Pod':
      return e.pod ?? '';
    case 'ID':
      return e.id;
    case 'EventURL':
      return eventUrl;
  }
}

function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}
