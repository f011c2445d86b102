import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/charts/styles.css';
import { type CSSVariablesResolver, createTheme, MantineProvider, Modal } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './app/router.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  // White on teal 6 is 2.5:1; on teal 9, 5:1 (buttons, links, the active menu entry).
  primaryShade: { light: 9, dark: 8 },
  fontFamily: 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  // People who ask their system for less motion get modals and dropdowns without animation.
  respectReducedMotion: true,
  components: {
    // The close cross is an icon: give it a name screen readers can say.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Fermer' } } }),
  },
});

/**
 * Text at least 4.5:1 against its background (WCAG AA, checked by tests/ui/accessibility.test.ts): Mantine's
 * secondary text (gray 6, 3.3:1) and the text of its light badges and alerts (shade 6 on a pale tint) are
 * too faint for small print on an office screen; they take a shade that reads.
 */
const readableText: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // A placeholder stays lighter than a value, but readable (4.9:1).
    '--mantine-color-placeholder': '#6b7178',
    // A field's error in a red that reads (5.4:1 on white; Mantine's red 6 is 3.6:1).
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(
      ['gray', 'green', 'teal', 'orange', 'red', 'blue', 'yellow', 'grape', 'violet', 'cyan', 'indigo'].map(
        (color) => [
          `--mantine-color-${color}-light-color`,
          `color-mix(in srgb, var(--mantine-color-${color}-9) 70%, black)`,
        ],
      ),
    ),
    // A filled button darkens under the pointer (Mantine lightens shade 9 to 8: white text fell to 3.9:1).
    ...Object.fromEntries(
      ['gray', 'green', 'teal', 'orange', 'red', 'blue', 'yellow', 'grape', 'violet', 'cyan', 'indigo'].map(
        (color) => [
          `--mantine-color-${color}-filled-hover`,
          `color-mix(in srgb, var(--mantine-color-${color}-9) 85%, black)`,
        ],
      ),
    ),
    // Text in red or orange 8 reads on striped and highlighted rows too (red: 5.0:1 on gray 0, Mantine's 4.3:1).
    '--mantine-color-red-8': '#cc2929',
    '--mantine-color-orange-8': '#b34700',
    '--mantine-color-orange-9': '#a34000',
  },
  dark: {},
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} cssVariablesResolver={readableText}>
        <RouterProvider router={router} />
      </MantineProvider>
    </StrictMode>,
  );
}
