import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { formSchema, type JsonSchema } from './form-schema.js';
import { OUTPUT_PLUGINS } from './registry.js';
import { RouteSchema } from './routing/route.schema.js';

/** Strict: an unknown keyword or format would fail to compile — the schema a form gets is plain. */
function ajv(): Ajv2020 {
  const instance = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(instance);
  return instance;
}

const properties = (s: JsonSchema) => s['properties'] as Record<string, JsonSchema>;

describe('formSchema', () => {
  for (const [type, plugin] of OUTPUT_PLUGINS) {
    describe(type, () => {
      const schema = formSchema(plugin.configSchema, plugin.secretFields);

      it('is a plain JSON Schema, every setting described, secrets writeOnly', () => {
        expect(plugin.title).not.toBe('');
        expect(plugin.description).not.toBe('');
        expect(() => ajv().compile(schema)).not.toThrow();
        for (const [name, property] of Object.entries(properties(schema))) {
          expect(property['description'], `${type}.${name}`).toEqual(expect.any(String));
          expect(property['writeOnly'], `${type}.${name}`).toBe(
            plugin.secretFields.includes(name) ? true : undefined,
          );
        }
      });

      it('accepts what the plugin accepts, refuses what it refuses', () => {
        const validate = ajv().compile(schema);
        const required = (schema['required'] as string[] | undefined) ?? [];
        expect(required.length).toBeGreaterThan(0);
        // Without its required settings both refuse it, naming the same first field.
        expect(validate({})).toBe(false);
        const issue = plugin.configSchema.safeParse({}).error?.issues[0];
        expect(required).toContain(issue?.path[0]);
        expect(validate.errors?.map((e) => e.params)).toContainEqual({
          missingProperty: issue?.path[0],
        });
      });
    });
  }

  it('names a secret field the schema does not have', () => {
    expect(() => formSchema(RouteSchema, ['nope'])).toThrow(/nope/);
  });

  it('describes routes, with the canonical priority names', () => {
    const schema = formSchema(RouteSchema);
    const validate = ajv().compile(schema);
    const route = {
      min_priority: 'warning',
      rules: ['Terminal shell in container', '/^K8s/i'],
      tags: { all: ['container', 'mitre_execution'] },
      namespaces: ['payments-*'],
      boundaries: ['host'],
      fields: { 'proc.name': ['bash', 'sh'], 'fd.rport': 4444 },
      not: [{ hostnames: ['ci-*'] }],
    };
    expect(validate(route), JSON.stringify(validate.errors)).toBe(true);
    expect(RouteSchema.safeParse(route).success).toBe(true);
    expect(properties(schema)['min_priority']).toMatchObject({
      type: 'string',
      enum: [
        'emergency',
        'alert',
        'critical',
        'error',
        'warning',
        'notice',
        'informational',
        'debug',
      ],
    });
    expect(validate({ min_priority: 'loud' })).toBe(false);
    expect(validate({ region: 'eu' })).toBe(false); // a misspelt condition
    for (const [name, property] of Object.entries(properties(schema))) {
      expect(property['description'], name).toEqual(expect.any(String));
    }
  });
});
