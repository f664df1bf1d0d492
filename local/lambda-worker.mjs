// One local "Lambda instance": a worker thread with its own environment that imports a function
// bundle once (cold start) and runs one invocation at a time, as Lambda does.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { bundle, functionName, memoryMb, timeoutMs } = workerData;
const started = Date.now();
const mod = await import(pathToFileURL(bundle).href);
parentPort.postMessage({ type: 'ready', initMs: Date.now() - started });

parentPort.on('message', async ({ id, event }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  try {
    const result = await mod.handler(event, context);
    parentPort.postMessage({ id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: { name: error?.name, message: error?.message, stack: error?.stack } });
  }
});
