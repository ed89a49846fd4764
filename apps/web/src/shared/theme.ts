import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';
import type { Priority } from '@aerie/contracts';

/** Mantine's theme for Aerie: a calm navy accent; colour is kept for what needs attention. */
export const theme = createTheme({
  primaryColor: 'aerie',
  colors: {
    aerie: [
      '#eaf1fb',
      '#d3e0f2',
      '#a5bfe3',
      '#749cd5',
      '#4c7fc9',
      '#346dc2',
      '#2863bf',
      '#1b53a8',
      '#124997',
      '#1f3a5f',
    ] satisfies MantineColorsTuple,
  },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: 'sm',
  components: {
    // A dialog's <header> counts as a second banner landmark beside the page's own.
    DrawerHeader: { defaultProps: { component: 'div' } },
    ModalHeader: { defaultProps: { component: 'div' } },
    // Mantine's close buttons are an unnamed "×": every dialog's has a name, at least this one.
    DrawerCloseButton: { defaultProps: { 'aria-label': 'Close' } },
    ModalCloseButton: { defaultProps: { 'aria-label': 'Close' } },
  },
});

/**
 * Mantine's colours that fail WCAG AA contrast (4.5:1), raised once here for every page:
 * `dimmed` text (also Divider labels and table captions) is gray 6 on white (3.3:1) and dark 2
 * on dark panels (3.5:1); gray outline badges and buttons are gray 6 on white; links in the
 * dark scheme are aerie 4 (3.8:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-gray-outline': 'var(--mantine-color-gray-7)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-anchor': 'var(--mantine-color-aerie-3)',
  },
});

/** One colour per Falco priority, the same in every chart, badge and row. */
export const PRIORITY_COLORS: Record<Priority, string> = {
  Emergency: 'red.9',
  Alert: 'red.8',
  Critical: 'red.6',
  Error: 'orange.6',
  Warning: 'yellow.6',
  Notice: 'blue.5',
  Informational: 'cyan.6',
  Debug: 'gray.5',
};
