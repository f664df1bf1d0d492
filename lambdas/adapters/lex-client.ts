import { LexRuntimeV2Client } from '#adapters/aws/lex-runtime';

/**
 * The one place a Lex V2 runtime client is made. The endpoint comes from AWS_ENDPOINT_URL_LEX_RUNTIME_V2
 * when set (the local stand-in, local/lex-runtime.ts), so nothing here knows whether it runs in AWS.
 */
export function createLexClient(env: NodeJS.ProcessEnv = process.env): LexRuntimeV2Client {
  return new LexRuntimeV2Client({ env });
}
