import type { Server } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sesLocal from 'aws-ses-v2-local';

// aws-ses-v2-local is CommonJS with a default export; under ESM it arrives as { default }.
const startSesServer = ((sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal) as typeof sesLocal;

/** s3rver keeps objects in a folder: the data folder when persisting, else a temporary one. */
export async function startS3(port: number, dataDir?: string): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const directory = dataDir ? join(dataDir, 's3') : mkdtempSync(join(tmpdir(), 'destek-s3-'));
  mkdirSync(directory, { recursive: true });
  const s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
  await s3.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await s3.close();
      if (!dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** aws-ses-v2-local: SES's v2 API; sent mail is listed at GET /store. */
export async function startSes(port: number): Promise<{ endpoint: string; server: Server }> {
  const server = await startSesServer({ host: '127.0.0.1', port });
  return { endpoint: `http://127.0.0.1:${port}`, server };
}

