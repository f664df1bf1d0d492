import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '#adapters/aws/sigv4';
import { AwsJsonError, JsonProtocolServer } from '#local/json-protocol';

const signing = { credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: 'eu-central-1', service: 'demo' };

describe('a local JSON-protocol stand-in', () => {
  const server = new JsonProtocolServer({
    signing,
    actions: {
      'Demo.Echo': (input) => ({ echoed: input.value }),
      'Demo.Missing': () => {
        throw new AwsJsonError('ResourceNotFoundException', 'no such thing');
      },
      'Demo.Defect': () => {
        throw new TypeError('a bug in the stand-in');
      },
    },
    localGets: { '/_local/ping': async (_url, res) => void res.end('pong') },
  });
  let url: URL;
  beforeAll(async () => {
    url = new URL(await server.listen(0));
  });
  afterAll(() => server.close());

  async function call(target: string, body: string, sign = true) {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
    const res = await fetch(url, { method: 'POST', headers: sign ? signRequest({ method: 'POST', url, headers, body }, signing) : headers, body });
    return { status: res.status, type: res.headers.get('content-type'), doc: (await res.json()) as Record<string, unknown> };
  }

  it("answers a signed call with its action's document", async () => {
    expect(await call('Demo.Echo', '{"value":42}')).toEqual({ status: 200, type: 'application/x-amz-json-1.1', doc: { echoed: 42 } });
  });

  it('refuses an unsigned call with 403 before any action runs', async () => {
    expect(await call('Demo.Echo', '{"value":42}', false)).toMatchObject({ status: 403, doc: { __type: 'UnrecognizedClientException' } });
  });

  it("answers an action's typed error, an unknown action and a body that is not a JSON object as AWS does", async () => {
    expect(await call('Demo.Missing', '{}')).toEqual({
      status: 400,
      type: 'application/x-amz-json-1.1',
      doc: { __type: 'ResourceNotFoundException', message: 'no such thing' },
    });
    expect(await call('Demo.Nothing', '{}')).toMatchObject({ status: 400, doc: { __type: 'UnknownOperationException' } });
    expect(await call('Demo.Echo', 'not json')).toMatchObject({ status: 400, doc: { __type: 'SerializationException' } });
    expect(await call('Demo.Echo', '[1]')).toMatchObject({ status: 400, doc: { __type: 'SerializationException' } });
  });

  it('answers a defect in an action with 500 and keeps serving', async () => {
    expect(await call('Demo.Defect', '{}')).toMatchObject({ status: 500, doc: { __type: 'InternalFailure' } });
    expect((await call('Demo.Echo', '{"value":1}')).status).toBe(200);
  });

  it('serves its local GET paths without a signature', async () => {
    expect(await (await fetch(new URL('/_local/ping', url))).text()).toBe('pong');
  });
});
