import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

afterEach(() => {
  // Vitest runs without globals, so Testing Library cannot register its own cleanup.
  cleanup();
  // Each test brings its own fake server (test/fake-api.ts) and starts on the dashboard.
  vi.unstubAllGlobals();
  window.location.hash = '';
});
