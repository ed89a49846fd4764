import type { Issue, Output, OutputTypeInfo } from '@aerie/contracts';
import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import {
  initialOutputValues,
  issueTargets,
  newOutputBody,
  outputChangeBody,
  outputFormFields,
  storedSecrets,
} from './output-form.view';
import { createOutput, updateOutput } from './outputs.api';
import { SchemaForm } from './schema-form/schema-form';
import type { FieldSpec } from './schema-form/schema-fields';
import { NO_PLACED_ISSUES, placeIssues, type PlacedIssues } from './schema-form/schema-issues';
import type { FormValue, FormValues } from './schema-form/schema-values';

/**
 * Creates an output, or edits one the API manages, with a form generated from its type's JSON
 * Schema; the server's field issues are shown on the field they name.
 */
export function OutputForm({
  types,
  existing,
  onDone,
  onCancel,
}: {
  types: readonly OutputTypeInfo[];
  existing?: Output;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [typeName, setTypeName] = useState(existing?.type ?? types[0]?.type ?? '');
  const type = types.find((t) => t.type === typeName);
  const fields = useMemo(
    () => (type ? outputFormFields(type, existing !== undefined) : undefined),
    [type, existing],
  );
  const [values, setValues] = useState<FormValues>(() =>
    fields ? initialOutputValues(fields, existing) : {},
  );
  const [issues, setIssues] = useState<PlacedIssues>(NO_PLACED_ISSUES);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const secrets = useMemo(
    () => (fields ? storedSecrets(fields, existing) : new Set<string>()),
    [fields, existing],
  );

  // After a refused attempt, the first field in error (or the form's error) gets the focus.
  useEffect(() => {
    if (failures === 0) return;
    const form = formRef.current;
    (
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('[role="alert"]')
    )?.focus();
  }, [failures]);

  const set = (key: string, value: FormValue): void => setValues((v) => ({ ...v, [key]: value }));
  const fail = (next: PlacedIssues): void => {
    setIssues(next);
    setFailures((n) => n + 1);
  };

  const chooseType = (next: string): void => {
    const info = types.find((t) => t.type === next);
    setTypeName(next);
    setIssues(NO_PLACED_ISSUES);
    // A new type has other settings: start again from its defaults, keeping the name.
    if (info) {
      setValues((v) => ({
        ...initialOutputValues(outputFormFields(info, false)),
        name: v['name'] ?? '',
      }));
    }
  };

  const plan = (f: readonly FieldSpec[]): { issues: Issue[]; save: () => Promise<void> } => {
    if (existing) {
      const { body, issues: found } = outputChangeBody(f, values, existing);
      return { issues: found, save: () => updateOutput(existing.name, body) };
    }
    const { body, issues: found } = newOutputBody(typeName, f, values);
    return { issues: found, save: () => createOutput(body) };
  };

  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    if (!fields) return;
    const targets = issueTargets(fields);
    const { issues: found, save } = plan(fields);
    if (found.length > 0) return fail(placeIssues(found, targets));
    setBusy(true);
    setIssues(NO_PLACED_ISSUES);
    try {
      await save();
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        fail(placeIssues(err.issues, targets));
      } else {
        fail({ fields: {}, other: [err instanceof Error ? err.message : String(err)] });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      ref={formRef}
      aria-label={existing ? `Edit ${existing.name}` : 'New output'}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <Stack gap="md">
        {issues.other.length > 0 && (
          <Alert color="red" role="alert" tabIndex={-1} title="Not saved">
            {issues.other.join(' ')}
          </Alert>
        )}
        {existing ? (
          <Text size="sm">
            Type: <strong>{type?.title ?? existing.type}</strong>
          </Text>
        ) : (
          <NativeSelect
            label="Type"
            required
            data={types.map((t) => ({ value: t.type, label: t.title }))}
            value={typeName}
            error={issues.fields['type']}
            onChange={(e) => chooseType(e.currentTarget.value)}
          />
        )}
        {type && (
          <Text size="sm" c="dimmed">
            {type.description} {type.docs && <DocsLink docs={type.docs} title={type.title} />}
          </Text>
        )}
        {fields ? (
          <SchemaForm
            fields={fields}
            values={values}
            errors={issues.fields}
            onChange={set}
            storedSecrets={secrets}
          />
        ) : (
          <Alert color="red" role="alert" title="No settings form">
            The server describes no output type {JSON.stringify(typeName)}.
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!fields}>
            {existing ? 'Save changes' : 'Create output'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `docs` is a URL or a path in Aerie's repository. */
function DocsLink({ docs, title }: { docs: string; title: string }) {
  if (/^https?:\/\//.test(docs)) {
    return (
      <Anchor href={docs} target="_blank" rel="noreferrer">
        {title} documentation
      </Anchor>
    );
  }
  return <span>Documentation: {docs}.</span>;
}
