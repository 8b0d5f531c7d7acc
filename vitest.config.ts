import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Browser journeys set their own, longer timeouts: on two shared cores a page with an axe scan can take seconds.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
