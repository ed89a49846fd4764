import { createTheme, type MantineColorsTuple } from '@mantine/core';
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
