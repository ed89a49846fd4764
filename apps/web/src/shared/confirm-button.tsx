import { useConfirm } from './use-confirm';

/**
 * A destructive action asked twice, in place: the button turns into the question and a
 * "Yes" / "Cancel" pair (focus on Cancel, the safe answer). Errors of the action are shown here.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
}: {
  /** The button's name, e.g. "Delete alice". */
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const ask = useConfirm(onConfirm);

  if (!ask.asking) {
    return (
      <button type="button" className="button button--danger" onClick={ask.ask}>
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <span>{question}</span>
      <button
        type="button"
        className="button button--danger"
        disabled={ask.busy}
        onClick={ask.confirm}
      >
        {confirmLabel}
      </button>
      <button
        ref={ask.cancelRef}
        type="button"
        className="button button--secondary"
        onClick={ask.cancel}
      >
        Cancel
      </button>
      {ask.error && (
        <p role="alert" className="error">
          {ask.error}
        </p>
      )}
    </div>
  );
}
