import { AwsClient, type AwsClientOptions } from './client';
import { callRestJson } from './json-protocol';
import { encodeRfc3986 } from './sigv4';

/**
 * Lex V2's runtime RecognizeText (REST-JSON, signed as "lex", host runtime-v2-lex.<region>.amazonaws.com).
 * RecognizeText is a plain request and answer; HTTP/2 is only needed for Lex's streaming conversations.
 */
export interface LexSlotValue {
  readonly value?: { readonly originalValue?: string; readonly interpretedValue?: string; readonly resolvedValues?: string[] } | null;
}
export interface LexIntent {
  readonly name?: string;
  readonly state?: string;
  readonly confirmationState?: string;
  readonly slots?: Record<string, LexSlotValue | null>;
}
export interface Interpretation {
  readonly intent?: LexIntent;
  readonly nluConfidence?: { readonly score?: number };
  readonly interpretationSource?: string;
}
export interface RecognizeTextOutput {
  readonly messages?: readonly { readonly content?: string; readonly contentType?: string }[];
  readonly sessionState?: {
    readonly dialogAction?: { readonly type?: string; readonly slotToElicit?: string };
    readonly intent?: LexIntent;
    readonly sessionAttributes?: Record<string, string>;
  };
  readonly interpretations?: readonly Interpretation[];
  readonly sessionId?: string;
}
export interface RecognizeTextInput {
  readonly botId: string;
  readonly botAliasId: string;
  readonly localeId: string;
  readonly sessionId: string;
  readonly text: string;
  readonly requestAttributes?: Record<string, string>;
}

export class LexRuntimeV2Client {
  readonly client: AwsClient;

  constructor(options: AwsClientOptions = {}) {
    this.client = new AwsClient({ signingName: 'lex', endpointId: 'LEX_RUNTIME_V2', hostPrefix: 'runtime-v2-lex' }, options);
  }

  recognizeText(input: RecognizeTextInput): Promise<RecognizeTextOutput> {
    const { botId, botAliasId, localeId, sessionId, ...body } = input;
    const path = `/bots/${encodeRfc3986(botId)}/botAliases/${encodeRfc3986(botAliasId)}/botLocales/${encodeRfc3986(localeId)}/sessions/${encodeRfc3986(sessionId)}/text`;
    return callRestJson(this.client, 'RecognizeText', 'POST', path, body);
  }
}
