import type { TextareaHTMLAttributes } from 'react';
import { FieldFrame } from './field-frame';

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'aria-invalid'>;

/** A labelled textarea with an optional hint and its error. */
export function TextareaField({
  label,
  error,
  hint,
  ...textarea
}: TextareaProps & { label: string; error?: string; hint?: string }) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      control={(tie) => <textarea {...textarea} {...tie} />}
    />
  );
}
