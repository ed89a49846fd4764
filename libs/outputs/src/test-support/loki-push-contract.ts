/**
 * Loki publishes no JSON Schema for its push API: the JSON form is documented in
 * `docs/sources/reference/loki-http-api.md`, the shape mirrors `PushRequest` of `push.proto`
 * (shared/contracts/loki-push.proto), and the limits are Loki's defaults (NOTES.md §7a, the
 * "Troubleshoot ingestion" guide). They are encoded here, apart from the renderer's constants;
 * `lokiPushViolations` lists what Loki would refuse as a whole request (400), and `entryLimits`
 * what it refuses entry by entry.
 */

export const LOKI_LIMITS = {
  maxLabelNamesPerSeries: 15,
  maxLabelNameLength: 1024,
  maxLabelValueLength: 2048,
  maxLineSize: 256_000,
  maxStructuredMetadataSize: 64 * 1024,
  maxStructuredMetadataEntries: 128,
} as const;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface PushedEntry {
  labels: Record<string, string>;
  ns: bigint;
  line: string;
  metadata?: Record<string, string>;
}

/** The entries of a JSON push body, or the reasons it is not one. */
export function readLokiPush(body: unknown): { entries: PushedEntry[]; violations: string[] } {
  const violations: string[] = [];
  const entries: PushedEntry[] = [];
  if (!isObject(body) || !Array.isArray(body['streams'])) {
    return { entries, violations: ['body is not {"streams": [...]}'] };
  }
  body['streams'].forEach((stream: unknown, s) => {
    const at = `streams[${s}]`;
    if (!isObject(stream) || !isObject(stream['stream']) || !Array.isArray(stream['values'])) {
      violations.push(`${at} is not {"stream": {...}, "values": [...]}`);
      return;
    }
    const labels = stream['stream'];
    const names = Object.keys(labels);
    if (names.length === 0)
      violations.push(`${at}: error at least one label pair is required per stream`);
    if (names.length > LOKI_LIMITS.maxLabelNamesPerSeries) {
      violations.push(
        `${at} has ${names.length} label names; limit ${LOKI_LIMITS.maxLabelNamesPerSeries}`,
      );
    }
    for (const name of names) {
      const value = labels[name];
      if (!LABEL_NAME.test(name) || name.startsWith('__'))
        violations.push(`${at}: invalid label name ${name}`);
      if (name.length > LOKI_LIMITS.maxLabelNameLength)
        violations.push(`${at}: label name too long`);
      if (typeof value !== 'string' || value === '')
        violations.push(`${at}: label ${name} is not a non-empty string`);
      else if (Buffer.byteLength(value) > LOKI_LIMITS.maxLabelValueLength) {
        violations.push(`${at}: label value too long: ${name}`);
      }
    }
    stream['values'].forEach((value: unknown, v) => {
      const where = `${at}.values[${v}]`;
      if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
        violations.push(`${where} is not [ts, line] or [ts, line, metadata]`);
        return;
      }
      const [ts, line, metadata] = value as unknown[];
      if (typeof ts !== 'string' || !/^\d+$/.test(ts))
        violations.push(`${where}[0] is not a string of ns`);
      if (typeof line !== 'string') violations.push(`${where}[1] is not a string`);
      if (metadata !== undefined) {
        if (!isObject(metadata) || Object.values(metadata).some((m) => typeof m !== 'string')) {
          violations.push(`${where}[2] is not a flat object of strings`);
        } else if (Object.keys(metadata).length > LOKI_LIMITS.maxStructuredMetadataEntries) {
          violations.push(`${where}[2] has too many entries`);
        }
      }
      if (typeof ts === 'string' && /^\d+$/.test(ts) && typeof line === 'string') {
        entries.push({
          labels: labels as Record<string, string>,
          ns: BigInt(ts),
          line,
          ...(isObject(metadata) ? { metadata: metadata as Record<string, string> } : {}),
        });
      }
    });
  });
  return { entries, violations };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
