import { LoginSchema, type Login, type Me } from '@aerie/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../shared/api';
import { issuesOf, mapIssues } from '../../shared/form/field-issues';
import { TextField } from '../../shared/form/text-field';
import { formatWait } from '../../shared/format';
import { login } from './auth.api';

type Field = keyof Login;
const FIELDS: readonly Field[] = ['username', 'password'];

/** What to tell someone whose sign-in failed; the server's message says which case it is. */
function failureMessage(err: unknown): string {
  if (!(err instanceof ApiError)) {
    return `Could not reach Aerie: ${err instanceof Error ? err.message : String(err)}`;
  }
  // Aerie's own 429 messages say when to try again; a proxy's may not.
  if (
    err.status === 429 &&
    err.retryAfterSeconds !== undefined &&
    !/try again/i.test(err.message)
  ) {
    const sentence = /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
    return `${sentence} Try again in ${formatWait(err.retryAfterSeconds)}.`;
  }
  return err.message;
}

/** Username and password; calls `onSignedIn` with who signed in. */
export function LoginForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [values, setValues] = useState<Login>({ username: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const refs = {
    username: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
  };

  // The page is this form: start where people type.
  const usernameInput = refs.username;
  useEffect(() => usernameInput.current?.focus(), [usernameInput]);

  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    setFailure(undefined);
    const { fields } = mapIssues(issuesOf(LoginSchema, values), FIELDS);
    setFieldErrors(fields);
    const firstInvalid = FIELDS.find((f) => fields[f]);
    if (firstInvalid) {
      refs[firstInvalid].current?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await login(values));
    } catch (err) {
      setFailure(failureMessage(err));
      // Wrong credentials: the password has to be typed again anyway.
      if (err instanceof ApiError && err.status === 401) setValues((v) => ({ ...v, password: '' }));
      refs.password.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const set = (field: Field) => (e: { currentTarget: HTMLInputElement }) => {
    const value = e.currentTarget.value;
    setValues((v) => ({ ...v, [field]: value }));
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
      {failure && (
        <p role="alert" className="error">
          {failure}
        </p>
      )}
      <TextField
        ref={refs.username}
        label="Username"
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        value={values.username}
        onChange={set('username')}
        error={fieldErrors.username}
      />
      <TextField
        ref={refs.password}
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={values.password}
        onChange={set('password')}
        error={fieldErrors.password}
      />
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
