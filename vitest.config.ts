import { defineConfig } from 'vitest/config';

/**
 * Three groups: unit (pure code and one adapter at a time), cdk (template assertions and cdk-nag),
 * integration (the local stack, started once per run by test/integration/global-setup.ts).
 */
export default defineConfig({
  test: {
    reporters: ['default'],
    // Functions under test log and emit metrics through Powertools; tests keep the output readable.
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'destek-test',
      POWERTOOLS_METRICS_NAMESPACE: 'DestekTest',
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 420_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
