import type { SelectHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'aria-invalid'>;

/** A labelled select over a fixed list of values, with its error. */
export function SelectField<V extends string>({
  label,
  error,
  options,
  ...select
}: SelectProps & { label: string; error?: string; options: readonly V[] }) {
  return (
    <FieldFrame
      label={label}
      error={error}
      control={(tie) => (
        <select {...select} {...tie}>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    />
  );
}
