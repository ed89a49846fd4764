import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validators built from the destinations' own published specs, saved under
 * `<repo>/../shared/contracts` (`$AERIE_CONTRACTS_DIR` overrides): the project's renderers are
 * checked against what the vendor says it accepts, not against schemas we wrote ourselves.
 */
export function contractsDir(): string {
  return (
    process.env['AERIE_CONTRACTS_DIR'] ??
    fileURLToPath(new URL('../../../../../shared/contracts', import.meta.url))
  );
}

function ajv(): Ajv {
  // OpenAPI documents carry keywords (`example`, `discriminator`…) that strict mode refuses.
  const instance = new Ajv({ strict: false, allErrors: true });
  addFormats.default(instance);
  return instance;
}

/** PagerDuty Events API v2: the `/enqueue` request body schema (OpenAPI 3.0). */
export function pagerDutyEnqueueValidator(): ValidateFunction {
  const doc = JSON.parse(
    readFileSync(`${contractsDir()}/pagerduty-events-v2.openapiv3.json`, 'utf8'),
  ) as { paths: Record<string, unknown>; components: unknown };
  const schema = (doc.paths['/enqueue'] as RequestPath).post.requestBody.content['application/json']
    ?.schema;
  if (!schema) throw new Error('no /enqueue application/json request schema in the PagerDuty spec');
  // `#/components/...` refs resolve against the root: validate through a wrapper document.
  return ajv().compile({ ...schema, components: doc.components });
}

/** Alertmanager API v2 (0.25.0, Debian 12's version): `postableAlerts` (Swagger 2.0). */
export function alertmanagerPostableAlertsValidator(): ValidateFunction {
  const doc = parse(
    readFileSync(`${contractsDir()}/alertmanager-api-v2.v0.25.0.openapi.yaml`, 'utf8'),
  ) as { definitions: Record<string, unknown> };
  return ajv().compile({ $ref: '#/definitions/postableAlerts', definitions: doc.definitions });
}

interface RequestPath {
  post: { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } };
}
