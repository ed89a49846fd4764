import type { Boundary } from '@aerie/contracts';
import { isRawNumber } from '../json/lossless-json.js';

export interface BoundaryInput {
  source: string;
  rule: string;
  tags: readonly string[];
  fields: Readonly<Record<string, unknown>>;
}

type Fields = BoundaryInput['fields'];

/**
 * What an event's source says on its own.
 * - `kubernetes-audit`, `api-audit`: records of API calls (Kubernetes, cloud, identity, SaaS).
 * - `host`: the node's kernel, container runtime or journal.
 * - `network`: network telemetry.
 * - `internal`: Falco's own health and test events, which concern no boundary.
 * - `other`: anything else; only the tags and fields can tell.
 */
export type SourceFamily =
  'kubernetes-audit' | 'api-audit' | 'host' | 'network' | 'internal' | 'other';

/** `k8s_audit` is what every k8saudit plugin (plain, -eks, -gke, -aks…) emits; plugin names are accepted too. */
const KUBERNETES_AUDIT_SOURCE = /^k8s_?audit(?:[-_][a-z0-9]+)?$/;

/** Registered Falco plugin sources (falcosecurity/plugins registry.yaml), plus common aliases. */
const SOURCE_FAMILIES: Readonly<Record<string, SourceFamily>> = {
  aws_cloudtrail: 'api-audit',
  cloudtrail: 'api-audit',
  gcp_auditlog: 'api-audit',
  gcpaudit: 'api-audit',
  okta: 'api-audit',
  keycloak: 'api-audit',
  github: 'api-audit',
  gitlab: 'api-audit',
  salesforce: 'api-audit',
  box: 'api-audit',
  syscall: 'host',
  // falcosidekick's default when Falco sent no source.
  syscalls: 'host',
  docker: 'host',
  seccompagent: 'host',
  journal: 'host',
  dnscollector: 'network',
  internal: 'internal',
};

export function sourceFamily(source: string): SourceFamily {
  const name = source.trim().toLowerCase();
  if (KUBERNETES_AUDIT_SOURCE.test(name)) return 'kubernetes-audit';
  return SOURCE_FAMILIES[name] ?? 'other';
}

/** Field prefixes owned by the audit-log plugins' extractors (k8saudit, cloudtrail, gcpaudit, okta, github). */
const AUDIT_FIELD_PREFIXES = ['ka.', 'ct.', 'gcp.', 'okta.', 'github.'];

/** The component tag Falco's rules put on connections and network tools. */
const NETWORK_TAG = 'network';
/** The component tags Falco's rules put on the node, its containers, files and processes. */
const HOST_TAGS = new Set(['host', 'container', 'filesystem', 'process', 'shell']);
/** MITRE tactics that usually, but not always, involve a connection: C2, exfiltration, lateral movement. */
const NETWORK_TACTIC_TAG =
  /^(?:mitre_(?:command_and_control|exfiltration|lateral_movement)|ta00(?:08|10|11))(?:$|[-_])/;

/** Rule names that are plainly about connections or network tools. */
const NETWORK_RULE_NAME =
  /\b(?:connections?|network|traffic|inbound|outbound|egress|netcat|ncat|socat|nmap|port ?scan(?:s|ning)?|reverse shell)\b/i;
/**
 * Words that mean a connection only in a network tactic's context: "Read ssh information" reads
 * files and "Program run with disallowed http proxy env" checks environment variables.
 */
const TRANSFER_RULE_NAME =
  /\b(?:remote|download(?:s|ing)?|upload(?:s|ing)?|ssh|dns|https?|tunnel(?:s|ing)?|beacon(?:s|ing)?|proxy|c2)\b/i;

/** Endpoint fields: they only resolve when the event's fd is an IP socket. */
const ENDPOINT_FIELDS = [
  'fd.sip',
  'fd.cip',
  'fd.rip',
  'fd.lip',
  'fd.sport',
  'fd.cport',
  'fd.rport',
  'fd.lport',
  'fd.sip.name',
  'fd.cip.name',
  'fd.rip.name',
  'fd.lip.name',
];
const IP_FD_TYPES = new Set(['ipv4', 'ipv6']);
const L4_PROTOCOLS = new Set(['tcp', 'udp', 'icmp']);
/** Field classes only syscall-style sources extract. */
const HOST_FIELD_PREFIXES = ['proc.', 'thread.', 'container.', 'fd.'];

/** What Falco prints for a field it could not resolve. */
const MISSING = new Set(['', '<NA>', 'N/A']);

/**
 * A field's text, or null for Falco's placeholders, non-strings and numbers kept as markers by
 * the lossless JSON parser. Shared by the derive modules.
 */
export function fieldText(value: unknown): string | null {
  if (isRawNumber(value) || typeof value !== 'string') return null;
  const text = value.trim();
  return MISSING.has(text) ? null : text;
}

/** Whether a field carries a value at all (numbers and booleans do). */
function isPresent(value: unknown): boolean {
  return (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    isRawNumber(value) ||
    fieldText(value) !== null
  );
}

function lowerText(value: unknown): string | null {
  return fieldText(value)?.toLowerCase() ?? null;
}

function presentKeyWithPrefix(fields: Fields, prefixes: readonly string[]): boolean {
  return Object.keys(fields).some(
    (key) => prefixes.some((prefix) => key.startsWith(prefix)) && isPresent(fields[key]),
  );
}

function hasEndpointFields(fields: Fields): boolean {
  const l4proto = lowerText(fields['fd.l4proto']);
  return (
    (l4proto !== null && L4_PROTOCOLS.has(l4proto)) ||
    ENDPOINT_FIELDS.some((key) => isPresent(fields[key]))
  );
}

function hasNetworkEvidence({ rule, fields }: BoundaryInput, tagSet: ReadonlySet<string>): boolean {
  if (tagSet.has(NETWORK_TAG)) return true;
  // A resolved fd type is ground truth: a unix socket or a file is no connection, whatever the
  // rule is called ("Unexpected connection to the containerd socket" is a host escape).
  const fdType = lowerText(fields['fd.type']);
  if (fdType !== null) return IP_FD_TYPES.has(fdType);
  if (hasEndpointFields(fields) || NETWORK_RULE_NAME.test(rule)) return true;
  return [...tagSet].some((tag) => NETWORK_TACTIC_TAG.test(tag)) && TRANSFER_RULE_NAME.test(rule);
}

function hasHostEvidence(fields: Fields, tagSet: ReadonlySet<string>): boolean {
  return (
    [...tagSet].some((tag) => HOST_TAGS.has(tag)) ||
    presentKeyWithPrefix(fields, HOST_FIELD_PREFIXES)
  );
}

/**
 * The isolation boundary an event concerns (see docs/boundaries.md). Pure. Precedence:
 * 1. API audit sources (Kubernetes, cloud, identity) → control-plane: the event is an API call,
 *    whatever it is about; `internal` → unknown; network telemetry sources → network.
 * 2. Any other source carrying audit-plugin fields → control-plane.
 * 3. Network evidence → network: the `network` tag; else the fd type when resolved (IP or not);
 *    else endpoint fields, a connection-like rule name, or a network MITRE tactic tag together
 *    with a transfer word in the name.
 * 4. Host sources, or host tags or fields → host.
 * 5. Otherwise unknown.
 */
export function classifyBoundary(input: BoundaryInput): Boundary {
  const family = sourceFamily(input.source);
  if (family === 'kubernetes-audit' || family === 'api-audit') return 'control-plane';
  if (family === 'internal') return 'unknown';
  if (family === 'network') return 'network';
  if (family === 'other' && presentKeyWithPrefix(input.fields, AUDIT_FIELD_PREFIXES)) {
    return 'control-plane';
  }
  const tagSet = new Set(input.tags.map((tag) => tag.trim().toLowerCase()));
  if (hasNetworkEvidence(input, tagSet)) return 'network';
  if (family === 'host' || hasHostEvidence(input.fields, tagSet)) return 'host';
  return 'unknown';
}
