import { describe, expect, it } from 'vitest';
import { S3Client } from '#adapters/aws/s3';
import { s3AgentUploads } from '#adapters/s3-agent-uploads';
import { UNSENT_UPLOAD_TAG } from '#definitions/uploads';

// The form is signed locally (no request): static credentials are enough.
const s3 = new S3Client({ region: 'eu-central-1', credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }), env: {} });

describe("an agent's signed upload form", () => {
  it('stores the file with the unsent tag, and its policy lets no upload leave the tag out or change it', async () => {
    const { fields } = await s3AgentUploads(s3, 'attachments').uploadForm('uploads/10001/u1/a.pdf', 'application/pdf', 1000, 600);
    const tagging = `<Tagging><TagSet><Tag><Key>${UNSENT_UPLOAD_TAG.key}</Key><Value>${UNSENT_UPLOAD_TAG.value}</Value></Tag></TagSet></Tagging>`;
    expect(fields.tagging).toBe(tagging);
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[] };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$tagging', tagging],
        ['eq', '$Content-Type', 'application/pdf'],
        ['content-length-range', 1, 1000],
        { key: 'uploads/10001/u1/a.pdf' },
      ]),
    );
  });
});
