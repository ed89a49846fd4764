import type { CreatedToken } from '@aerie/contracts';
import { useEffect, useRef, useState } from 'react';

type Copy = 'idle' | 'copied' | 'failed';

/**
 * The secret of a token just created, shown this once (Aerie keeps only its hash), with a copy
 * button. Leaving ("Done") forgets it here too.
 */
export function TokenSecret({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const [copy, setCopy] = useState<Copy>('idle');
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);

  // Announce it and bring keyboard users to it: it is the one thing to act on now.
  useEffect(() => heading.current?.focus(), []);

  const copyToClipboard = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopy('copied');
    } catch {
      // No clipboard (plain HTTP, denied): leave it selected for Ctrl+C.
      input.current?.select();
      setCopy('failed');
    }
  };

  return (
    <section className="panel secret" aria-labelledby="secret-heading">
      <h3 id="secret-heading" ref={heading} tabIndex={-1}>
        Token {token.name} created
      </h3>
      <p>
        <strong>Copy it now: you will not see it again.</strong> Aerie keeps only a hash of it.
      </p>
      <div className="secret__row">
        <label htmlFor="token-secret" className="visually-hidden">
          Token
        </label>
        <input
          id="token-secret"
          ref={input}
          className="secret__value"
          readOnly
          value={token.token}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="button button--primary"
          onClick={() => void copyToClipboard()}
        >
          Copy
        </button>
      </div>
      <p role="status" className="muted">
        {copy === 'copied' && 'Copied to the clipboard.'}
        {copy === 'failed' && 'Could not reach the clipboard: it is selected, press Ctrl+C.'}
      </p>
      <div>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Done, I have stored it
        </button>
      </div>
    </section>
  );
}
