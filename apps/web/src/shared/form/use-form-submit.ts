import type { Issue } from '@aerie/contracts';
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { ApiError } from '../api';
import { mapIssues, NO_ISSUES, type FormIssues } from './field-issues';

export interface FormSubmit<F extends string> {
  formRef: RefObject<HTMLFormElement | null>;
  issues: FormIssues<F>;
  busy: boolean;
  /**
   * Shows `clientIssues` if there are any; otherwise runs `action` and shows what the server
   * refused, each issue by its field. Resolves true when `action` succeeded.
   */
  submit: (action: () => Promise<void>, clientIssues?: readonly Issue[]) => Promise<boolean>;
  clear: () => void;
}

/**
 * The state every admin form shares: busy while sending, issues by field, and focus moved to
 * the first field in error (or the form's error line) after a failed attempt.
 */
export function useFormSubmit<F extends string>(
  fields: readonly F[],
  itemLabel?: (field: F, index: number) => string,
): FormSubmit<F> {
  const formRef = useRef<HTMLFormElement>(null);
  const [issues, setIssues] = useState<FormIssues<F>>(NO_ISSUES);
  const [busy, setBusy] = useState(false);
  const [failures, setFailures] = useState(0);

  // A layout effect: focus moves in the same commit that shows the issues, before anyone
  // (a person or a test) can act on the page in between.
  useLayoutEffect(() => {
    if (failures === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('[role="alert"]');
    target?.focus();
  }, [failures]);

  const fail = (next: FormIssues<F>): false => {
    setIssues(next);
    setFailures((n) => n + 1);
    return false;
  };

  const submit = async (
    action: () => Promise<void>,
    clientIssues: readonly Issue[] = [],
  ): Promise<boolean> => {
    if (clientIssues.length > 0) return fail(mapIssues(clientIssues, fields, itemLabel));
    setBusy(true);
    setIssues(NO_ISSUES);
    try {
      await action();
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        return fail(mapIssues(err.issues, fields, itemLabel));
      }
      return fail({ fields: {}, other: [err instanceof Error ? err.message : String(err)] });
    } finally {
      setBusy(false);
    }
  };

  return { formRef, issues, busy, submit, clear: () => setIssues(NO_ISSUES) };
}
