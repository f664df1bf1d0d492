// One cold start that also serves its first request: a fresh process (the function's environment and
// NODE_OPTIONS) imports the bundle, then calls the handler once with the event on stdin, as a Lambda
// instance's first invocation does. Reports the CPU time after the import and after the call (Node's
// own start included in both), and the handler's result for the caller to pass on.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundle, functionName, memoryMb] = process.argv.slice(2);
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let input = '';
for await (const chunk of process.stdin) input += chunk;
const event = JSON.parse(input);

const mod = await import(pathToFileURL(bundle).href);
const importCpuMs = cpuMs();
const context = {
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: memoryMb,
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'cold-start',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};
let outcome;
try {
  outcome = { ok: true, result: await mod.handler(event, context) };
} catch (error) {
  outcome = { ok: false, error: { name: error?.name, message: error?.message } };
}
const firstCallCpuMs = cpuMs();
process.stdout.write(`\n${JSON.stringify({ importCpuMs, firstCallCpuMs, ...outcome })}`);
process.exit(0);
