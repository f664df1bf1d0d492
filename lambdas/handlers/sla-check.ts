import { makeSlaCheckHandler } from '#agent/sla-check';
import { slaCheckDepsFromEnv } from '#wiring/sla-check';

export const handler = makeSlaCheckHandler(slaCheckDepsFromEnv());
