import type { InputHTMLAttributes, Ref } from 'react';
import { FieldFrame } from './field-frame';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid'>;

/** A labelled input with an optional hint and its error. */
export function TextField({
  label,
  error,
  hint,
  ref,
  ...input
}: InputProps & { label: string; error?: string; hint?: string; ref?: Ref<HTMLInputElement> }) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      control={(tie) => <input {...input} ref={ref} {...tie} />}
    />
  );
}
