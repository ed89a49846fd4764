import type { FormEvent, ReactNode, RefObject } from 'react';
import { FormError } from './form-error';

/**
 * The frame every admin form shares: a labelled form that leaves validation to us (the server's
 * field issues are shown next to each field) with its form-wide error line first.
 */
export function AdminForm({
  label,
  formRef,
  errors,
  onSubmit,
  grid = false,
  children,
}: {
  label: string;
  formRef: RefObject<HTMLFormElement | null>;
  errors: readonly string[];
  onSubmit: (e: FormEvent<HTMLFormElement>) => Promise<void>;
  grid?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      ref={formRef}
      className={grid ? 'form form--grid' : 'form'}
      aria-label={label}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
    >
      <FormError messages={errors} />
      {children}
    </form>
  );
}
