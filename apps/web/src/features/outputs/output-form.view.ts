import type { Issue, Output, OutputTypeInfo } from '@aerie/contracts';
import type { NewOutput, OutputChange } from './outputs.api';
import { readSchema } from './schema-form/json-schema';
import { schemaFields, type FieldSpec } from './schema-form/schema-fields';
import {
  collectValues,
  initialValues,
  storedSecretKeys,
  type FormValues,
} from './schema-form/schema-values';

/**
 * The output form is generated from the type's schema, which describes a whole definition:
 * name, enabled, config (the type's settings), route and delivery. The type is chosen apart
 * (it picks the schema); an existing output's name cannot change.
 */
export function outputFormFields(type: OutputTypeInfo, editing: boolean): FieldSpec[] {
  const fields = schemaFields(readSchema(type.schema), {
    // The schema marks secrets `writeOnly`; the list is kept as a second opinion.
    secretPaths: type.secret_fields.map((f) => `config.${f}`),
  });
  return fields
    .filter((f) => f.key !== 'type' && !(editing && f.key === 'name'))
    .map((f) =>
      // The settings' own description speaks to API clients (masks); the form says it per field.
      f.key === 'config' ? { ...f, label: `${type.title} settings`, help: undefined } : f,
    );
}

/** An output as the API shows it, as the object the form reads from. */
const definitionOf = (o: Output): Record<string, unknown> => ({
  name: o.name,
  enabled: o.enabled,
  config: o.config,
  route: o.route,
  delivery: o.delivery,
});

/** A new output starts from the schema's defaults; an existing one from its definition. */
export function initialOutputValues(fields: readonly FieldSpec[], existing?: Output): FormValues {
  return initialValues(fields, existing ? definitionOf(existing) : undefined);
}

/** Secrets the existing output has: their empty box keeps them. */
export function storedSecrets(fields: readonly FieldSpec[], existing?: Output): Set<string> {
  return storedSecretKeys(fields, existing ? definitionOf(existing) : undefined);
}

type Body<T> = { body: T; issues: Issue[] };

export function newOutputBody(
  type: string,
  fields: readonly FieldSpec[],
  values: FormValues,
): Body<NewOutput> {
  const { value, issues } = collectValues(fields, values);
  // The schema requires name and config: when they are missing, `issues` says so.
  return { body: { ...value, type }, issues };
}

/** A change: the whole definition again; a secret left empty is sent back masked (kept). */
export function outputChangeBody(
  fields: readonly FieldSpec[],
  values: FormValues,
  existing: Output,
): Body<OutputChange> {
  const { value, issues } = collectValues(fields, values, definitionOf(existing));
  return { body: value, issues };
}

/** Where the server's issues may land: every generated field, and the type. */
export function issueTargets(fields: readonly FieldSpec[]): Array<{ key: string; lines: boolean }> {
  const flat = (list: readonly FieldSpec[]): Array<{ key: string; lines: boolean }> =>
    list.flatMap((f) => [
      { key: f.key, lines: f.kind === 'list' || f.kind === 'map' || f.kind === 'choices' },
      ...(f.kind === 'group' ? flat(f.fields) : []),
    ]);
  return [{ key: 'type', lines: false }, ...flat(fields)];
}
