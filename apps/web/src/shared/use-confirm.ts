import { useEffect, useRef, useState, type RefObject } from 'react';

export interface Confirm {
  /** The question is shown (after `ask`, until `cancel` or the action succeeds). */
  asking: boolean;
  busy: boolean;
  /** Why the action failed, if it did. */
  error: string | undefined;
  /** For the "Cancel" button: it takes the focus when the question shows (the safe answer). */
  cancelRef: RefObject<HTMLButtonElement | null>;
  ask: () => void;
  cancel: () => void;
  confirm: () => void;
}

/** A destructive action asked twice, in place: the state behind the question and its answers. */
export function useConfirm(action: () => Promise<void>): Confirm {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setAsking(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return {
    asking,
    busy,
    error,
    cancelRef,
    ask: () => setAsking(true),
    cancel: () => setAsking(false),
    confirm: () => void run(),
  };
}
