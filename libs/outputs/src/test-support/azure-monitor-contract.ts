import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { contractsDir } from './contract-schemas.js';

/**
 * Checks from Azure's own Logs Ingestion swagger (2023-01-01, `Azure/azure-rest-api-specs`
 * DataCollectionRules.json, saved in shared/contracts): the upload body, its path, query and
 * headers, and the error answer (`Azure.Core.Foundations.ErrorResponse`).
 */
export interface AzureIngestionContract {
  /** The `body` parameter's schema: an array of objects. */
  body: ValidateFunction;
  /** The `default` response's schema. */
  errorResponse: ValidateFunction;
  /** What in a request's URL and headers breaks the swagger's parameters; empty when none. */
  requestViolations(url: string, headers: Readonly<Record<string, string | undefined>>): string[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  type?: string;
  format?: string;
  minLength?: number;
  schema?: Record<string, unknown>;
  $ref?: string;
}

interface Swagger {
  paths: Record<string, { post: { parameters: Parameter[] } }>;
  parameters: Record<string, Parameter>;
  definitions: Record<string, unknown>;
}

const PATH = '/dataCollectionRules/{ruleId}/streams/{stream}';

export function azureIngestionContract(): AzureIngestionContract {
  const doc = JSON.parse(
    readFileSync(`${contractsDir()}/azure-monitor-logs-ingestion-2023-01-01.swagger.json`, 'utf8'),
  ) as Swagger;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const post = doc.paths[PATH]?.post;
  if (!post) throw new Error(`no POST ${PATH} in the Azure ingestion swagger`);
  const params = post.parameters.map((p) =>
    p.$ref ? doc.parameters[p.$ref.replace('#/parameters/', '')]! : p,
  );
  const bodySchema = params.find((p) => p.in === 'body')?.schema;
  if (!bodySchema) throw new Error('no body parameter in the Azure ingestion swagger');
  const scalar = new Map(
    params
      .filter((p) => p.in !== 'body')
      .map((p) => [
        `${p.in}:${p.name.toLowerCase()}`,
        {
          required: p.required === true,
          validate: ajv.compile({
            type: p.type,
            ...(p.format ? { format: p.format } : {}),
            ...(p.minLength !== undefined ? { minLength: p.minLength } : {}),
          }),
        },
      ]),
  );
  const template = new RegExp(`^${PATH.replace(/\{(\w+)\}/g, '(?<$1>[^/?]+)')}$`);
  return {
    body: ajv.compile(bodySchema),
    errorResponse: ajv.compile({
      $ref: '#/definitions/Azure.Core.Foundations.ErrorResponse',
      definitions: doc.definitions,
    }),
    requestViolations(url, headers) {
      const out: string[] = [];
      const parsed = new URL(url);
      const match = template.exec(parsed.pathname);
      if (!match?.groups) out.push(`path ${parsed.pathname} is not ${PATH}`);
      const values = new Map<string, string | undefined>();
      for (const [name, value] of Object.entries(match?.groups ?? {})) {
        values.set(`path:${name.toLowerCase()}`, decodeURIComponent(value));
      }
      parsed.searchParams.forEach((v, k) => values.set(`query:${k.toLowerCase()}`, v));
      for (const [k, v] of Object.entries(headers)) values.set(`header:${k.toLowerCase()}`, v);
      for (const [key, { required, validate }] of scalar) {
        const value = values.get(key);
        if (value === undefined) {
          if (required) out.push(`${key} is required`);
        } else if (!validate(value)) {
          out.push(`${key} ${validate.errors?.map((e) => e.message).join(', ')}`);
        }
      }
      return out;
    },
  };
}
