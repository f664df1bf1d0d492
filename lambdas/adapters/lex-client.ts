import { LexRuntimeV2Client } from '@aws-sdk/client-lex-runtime-v2';
import { traced } from '#observability';

/**
 * The one place a Lex V2 runtime client is made. The endpoint comes from the SDK's own configuration:
 * its service id "Lex Runtime V2" makes it read AWS_ENDPOINT_URL_LEX_RUNTIME_V2, which points it at the
 * local stand-in (local/lex-runtime.ts), so nothing here knows whether it runs in AWS. The SDK talks
 * HTTP/2 to Lex (NodeHttp2Handler), and so to the stand-in.
 */
export function createLexClient(): LexRuntimeV2Client {
  return traced(new LexRuntimeV2Client({}));
}
