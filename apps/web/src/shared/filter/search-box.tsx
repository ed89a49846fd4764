import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { addValue, removeValue } from './filter-params';

/** The id of the current page's search box, which `/` focuses (the shell's shortcuts). */
export const SEARCH_INPUT_ID = 'page-search';

/** How long typing pauses before the URL (and so the list) follows. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * A page's full-text search, focused by `/`: writes the trimmed text to the URL's `q` once
 * typing pauses (replacing the history entry). A `q` changed elsewhere (its chip removed, a
 * pasted link) shows here. The caller names it (`label` or `aria-label`) and places it.
 */
export function SearchBox({
  search,
  setSearch,
  ...input
}: {
  search: URLSearchParams;
  setSearch: (next: URLSearchParams, options: { replace: boolean }) => void;
} & Omit<TextInputProps, 'id' | 'type' | 'value' | 'onChange'>) {
  const q = search.get('q') ?? '';
  const [text, setText] = useState(q);
  // What this box last wrote: the URL echoing it back must not undo later keystrokes.
  const written = useRef(q);
  useEffect(() => {
    if (q !== written.current) {
      written.current = q;
      setText(q);
    }
  }, [q]);
  // Mantine calls the latest render's callback: `search` is the URL as it is when typing pauses.
  const write = useDebouncedCallback((value: string) => {
    const text = value.trim();
    written.current = text;
    setSearch(text === '' ? removeValue(search, 'q') : addValue(search, 'q', text), {
      replace: true,
    });
  }, SEARCH_DEBOUNCE_MS);

  return (
    <TextInput
      {...input}
      id={SEARCH_INPUT_ID}
      type="search"
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        write(e.currentTarget.value);
      }}
    />
  );
}
