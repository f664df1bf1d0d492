import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The one logger and metrics instance of a function. Service name, namespace and log level come from
 * POWERTOOLS_* variables (lambdas/config/settings.ts).
 */
export const logger = new Logger();
export const metrics = new Metrics();
