#!/usr/bin/env node
// The `destek` command. The CLI is TypeScript; tsx runs it without a build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns once per process that its 2027 releases need Node 22; the lock file pins this one.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('#cli/main');
process.exitCode = await main(process.argv.slice(2));
