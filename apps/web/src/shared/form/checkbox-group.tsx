import { useId } from 'react';

/**
 * Several choices among named options (teams, scopes): a fieldset of checkboxes, which every
 * browser and screen reader handles, rather than a `<select multiple>` few people can drive.
 */
export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  error,
  empty = 'Nothing to choose from yet.',
}: {
  legend: string;
  options: readonly string[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  error?: string;
  empty?: string;
}) {
  const errorId = `${useId()}-error`;
  const toggle = (option: string, on: boolean): void =>
    onChange(on ? [...value, option] : value.filter((v) => v !== option));
  return (
    <fieldset className="field checkbox-group" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      {options.length === 0 ? (
        <p className="field__hint">{empty}</p>
      ) : (
        <div className="checkbox-group__options">
          {options.map((option) => (
            <label key={option} className="checkbox">
              <input
                type="checkbox"
                checked={value.includes(option)}
                onChange={(e) => toggle(option, e.currentTarget.checked)}
              />
              {option}
            </label>
          ))}
        </div>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
