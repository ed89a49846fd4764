import type { Priority } from '@aerie/contracts';

/** Adaptive Cards take named colours, not hex (NOTES.md §2): a container style and a text colour. */
export const CARD_STYLE: Readonly<
  Record<
    Priority,
    {
      container: 'attention' | 'warning' | 'good' | 'accent' | 'emphasis';
      text: 'attention' | 'warning' | 'good' | 'accent' | 'default';
    }
  >
> = {
  Emergency: { container: 'attention', text: 'attention' },
  Alert: { container: 'attention', text: 'attention' },
  Critical: { container: 'attention', text: 'attention' },
  Error: { container: 'attention', text: 'attention' },
  Warning: { container: 'warning', text: 'warning' },
  Notice: { container: 'good', text: 'good' },
  Informational: { container: 'accent', text: 'accent' },
  Debug: { container: 'emphasis', text: 'default' },
};

/** MessageCard `themeColor` per priority: Falcosidekick's Teams colours (hex without `#`). */
export const THEME_COLORS: Readonly<Record<Priority, string>> = {
  Emergency: 'e20b0b',
  Alert: 'ff5400',
  Critical: 'ff9000',
  Error: 'ffc700',
  Warning: 'ffff00',
  Notice: '5bffb5',
  Informational: '68c2ff',
  Debug: 'ccfff2',
};
