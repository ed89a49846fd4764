import type { Priority } from '@aerie/contracts';
import { resolveField, type FieldValue } from './fields.js';
import type { Rng } from './rng.js';
import type { Scene } from './scene.js';
import { parseTemplate, type TemplatePart } from './template.js';
import { clock, rfc3339 } from './time.js';

/** One alert exactly as Falco's `http_output` posts it (`json_output: true`). */
export interface FalcoEvent {
  hostname: string;
  output: string;
  /**
   * Sorted by key, as Falco sends them. `evt.time` is always present; in this object it is the
   * nearest double of the real nanoseconds — use `toJson()` for the exact integer.
   */
  output_fields: Record<string, FieldValue>;
  priority: Priority;
  rule: string;
  source: string;
  tags: string[];
  time: string;
}

/**
 * What Falco's container plugin appends to every syscall alert (`append_output` with
 * `suggested_output: true`, the default of the Helm chart).
 */
const CONTAINER_SUFFIX = parseTemplate(
  ' container_id=%container.id container_name=%container.name' +
    ' container_image_repository=%container.image.repository container_image_tag=%container.image.tag' +
    ' k8s_pod_name=%k8s.pod.name k8s_ns_name=%k8s.ns.name',
);

const templates = new Map<string, TemplatePart[]>();

export function renderEvent(scene: Scene, rng: Rng): FalcoEvent {
  const { rule } = scene;
  let template = templates.get(rule.output);
  if (!template) {
    template = parseTemplate(rule.output);
    templates.set(rule.output, template);
  }
  if (rule.source === 'syscall') template = [...template, ...CONTAINER_SUFFIX];

  const fields = new Map<string, FieldValue>();
  let message = '';
  for (const part of template) {
    if ('text' in part) {
      message += part.text;
      continue;
    }
    let value = fields.get(part.field);
    if (value === undefined) {
      value = resolveField(part.field, scene, rng);
      fields.set(part.field, value);
    }
    message += formatValue(value);
  }
  // Clusters whose Falco sets `append_output.extra_fields: [k8s.cluster.name]`: field only, no text.
  if (rule.source === 'syscall' && scene.cluster.spec.labelsCluster) {
    fields.set('k8s.cluster.name', scene.cluster.spec.name);
  }
  fields.set('evt.time', Number(scene.timeNs));

  return {
    hostname: scene.hostname,
    output: `${clock(scene.timeNs)}: ${rule.priority} ${message}`,
    output_fields: Object.fromEntries([...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    priority: rule.priority,
    rule: rule.name,
    source: rule.source,
    tags: [...rule.tags].sort(),
    time: rfc3339(scene.timeNs),
  };
}

/** How Falco prints a value inside the `output` text. */
function formatValue(value: FieldValue): string {
  if (value === null) return '<NA>';
  if (Array.isArray(value)) return `(${value.join(',')})`;
  return String(value);
}
