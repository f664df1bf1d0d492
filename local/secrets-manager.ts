import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sigV4Refusal, type SigV4Settings } from './sigv4';

/**
 * AWS Secrets Manager, locally: GetSecretValue over the JSON protocol the SDK speaks, for the secrets
 * the stack puts here (the stack secret: master key and the social providers' values), signed
 * requests only. Functions reach it through AWS_ENDPOINT_URL_SECRETS_MANAGER and read a secret by the
 * ARN their binding names, exactly as in AWS.
 */
export class LocalSecretsManager {
  private server?: Server;
  private readonly secrets = new Map<string, { name: string; value: string; createdAt: number }>();
  url = '';

  constructor(
    private readonly signing: SigV4Settings,
    private readonly account: string,
  ) {}

  /** Stores a secret; returns its ARN (a name or the ARN finds it). */
  put(name: string, value: string): string {
    const arn = `arn:aws:secretsmanager:${this.signing.region}:${this.account}:secret:${name}-local`;
    this.secrets.set(arn, { name, value, createdAt: Date.now() });
    return arn;
  }

  async listen(port: number): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const reply = (status: number, doc: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(doc));
    };
    const refused = await sigV4Refusal(req, body, this.signing);
    if (refused) return reply(403, { __type: 'UnrecognizedClientException', message: refused });
    const action = String(req.headers['x-amz-target'] ?? '');
    if (action !== 'secretsmanager.GetSecretValue')
      return reply(400, { __type: 'InvalidRequestException', message: `${action || 'this action'} is not supported locally` });
    let id: unknown;
    try {
      id = (JSON.parse(body.toString('utf8')) as { SecretId?: unknown }).SecretId;
    } catch {
      return reply(400, { __type: 'InvalidRequestException', message: 'the body is not JSON' });
    }
    const found = [...this.secrets].find(([arn, s]) => arn === id || s.name === id);
    if (!found) return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    const [arn, secret] = found;
    reply(200, {
      ARN: arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: 'local',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdAt / 1000,
    });
  }
}
