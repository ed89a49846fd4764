import {
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  PasswordInput,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useId } from 'react';
import type { FieldSpec } from './schema-fields';
import type { FormValue, FormValues } from './schema-values';

const KEEP_HINT = 'Stored and hidden. Leave empty to keep it; type to replace it.';

export interface SchemaFormProps {
  fields: readonly FieldSpec[];
  values: FormValues;
  errors: Readonly<Record<string, string>>;
  onChange: (key: string, value: FormValue) => void;
  /** Keys of secrets stored already: their empty box means "keep". */
  storedSecrets?: ReadonlySet<string>;
}

/** The controls a JSON Schema describes (see schema-fields.ts), labelled, with help and errors. */
export function SchemaForm({ fields, ...rest }: SchemaFormProps) {
  return (
    <Stack gap="sm">
      {fields.map((field) => (
        <SchemaField key={field.key} field={field} {...rest} />
      ))}
    </Stack>
  );
}

type FieldProps = Omit<SchemaFormProps, 'fields'> & { field: FieldSpec };

function helpOf(field: FieldSpec, extra: string | undefined, kept: boolean): string | undefined {
  const parts = [field.help, extra, kept ? KEEP_HINT : undefined].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function SchemaField({ field, values, errors, onChange, storedSecrets }: FieldProps) {
  const helpId = useId();
  const error = errors[field.key];
  const raw = values[field.key];
  const text = typeof raw === 'string' ? raw : '';
  const kept = 'secret' in field && field.secret && (storedSecrets?.has(field.key) ?? false);
  const common = {
    label: field.label,
    error,
    required: field.required && !kept,
    value: text,
  };
  const setText = (e: { currentTarget: { value: string } }): void =>
    onChange(field.key, e.currentTarget.value);

  switch (field.kind) {
    case 'group':
      return (
        <Fieldset legend={field.label}>
          <Stack gap="sm">
            {field.help && (
              <Text size="sm" c="dimmed">
                {field.help}
              </Text>
            )}
            {error && (
              <Text size="sm" c="red" role="alert" tabIndex={-1}>
                {error}
              </Text>
            )}
            {field.fields.map((child) => (
              <SchemaField
                key={child.key}
                field={child}
                values={values}
                errors={errors}
                onChange={onChange}
                storedSecrets={storedSecrets}
              />
            ))}
          </Stack>
        </Fieldset>
      );
    case 'choices': {
      const chosen = text.split('\n').filter(Boolean);
      const toggle = (option: string, on: boolean): void =>
        onChange(
          field.key,
          (on ? [...chosen, option] : chosen.filter((c) => c !== option)).join('\n'),
        );
      return (
        <Fieldset legend={field.label} variant="unstyled">
          {field.help && (
            <Text size="xs" c="dimmed" mb={4}>
              {field.help}
            </Text>
          )}
          <Group gap="sm">
            {field.options.map((option) => (
              <Checkbox
                key={option}
                label={option}
                checked={chosen.includes(option)}
                onChange={(e) => toggle(option, e.currentTarget.checked)}
              />
            ))}
          </Group>
          {error && (
            <Text size="sm" c="red" role="alert" tabIndex={-1}>
              {error}
            </Text>
          )}
        </Fieldset>
      );
    }
    case 'boolean':
      // Mantine puts a switch's description inside its label; kept apart, the name stays short.
      return (
        <div>
          <Switch
            label={field.label}
            error={error}
            aria-describedby={field.help ? helpId : undefined}
            checked={raw === true}
            onChange={(e) => onChange(field.key, e.currentTarget.checked)}
          />
          {field.help && (
            <Text id={helpId} size="xs" c="dimmed">
              {field.help}
            </Text>
          )}
        </div>
      );
    case 'enum': {
      const empty = field.default !== undefined ? `Default (${field.default})` : 'Not set';
      const options = field.required
        ? field.options
        : [{ value: '', label: empty }, ...field.options];
      return (
        <NativeSelect
          {...common}
          description={helpOf(field, undefined, false)}
          data={options}
          onChange={setText}
        />
      );
    }
    case 'number':
      return (
        <TextInput
          {...common}
          description={helpOf(field, undefined, false)}
          type="number"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          step={field.integer ? 1 : 'any'}
          min={field.min}
          max={field.max}
          onChange={setText}
        />
      );
    case 'text':
      return field.secret ? (
        <PasswordInput
          {...common}
          description={helpOf(field, undefined, kept)}
          // Mantine marks its inner input data-invalid only; screen readers need aria-invalid.
          aria-invalid={error ? true : undefined}
          autoComplete="new-password"
          onChange={setText}
        />
      ) : (
        <TextInput
          {...common}
          description={helpOf(field, undefined, false)}
          type={field.url ? 'url' : 'text'}
          onChange={setText}
        />
      );
    case 'list':
    case 'map':
    case 'json':
      return (
        <Textarea
          {...common}
          description={helpOf(field, LINE_HINTS[field.kind], kept)}
          resize="vertical"
          rows={field.kind === 'json' ? 3 : 2}
          spellCheck={false}
          autoComplete="off"
          ff={field.kind === 'json' ? 'monospace' : undefined}
          onChange={setText}
        />
      );
  }
}

const LINE_HINTS = {
  list: 'One per line.',
  map: 'One per line, as "name: value".',
  json: 'JSON.',
} as const;
