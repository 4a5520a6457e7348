import { defineConfig } from 'vitest/config';

// CI asks for a JSON report beside the usual output, to print one plain summary line.
const jsonReport = process.env['VITEST_JSON'];

export default defineConfig({
  test: {
    ...(jsonReport && { reporters: ['default', 'json'], outputFile: { json: jsonReport } }),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/__tests__/**/*.unit.test.ts', 'services/*/__tests__/**/*.unit.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'packages/*/__tests__/**/*.int.test.ts',
            'services/*/__tests__/**/*.int.test.ts',
            'test/**/*.test.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration files share one machine's broker and database; two at a time keeps a 2-core box responsive.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
