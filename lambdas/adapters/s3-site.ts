import { createHash } from 'node:crypto';
import type { S3Client } from '#adapters/aws/s3';
import type { SiteTarget } from '#core/help-site';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json',
  xml: 'application/xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Pages that link others go after them: articles, then each locale's home and search index, then the root files. */
const rank = (path: string) => (/^[^/]+\/[^/]+\/index\.html$/.test(path) ? 0 : path.startsWith('assets/') ? -1 : path.includes('/') ? 1 : 2);

/**
 * The help center's files in its bucket, under the site's prefix: only what changed is written (S3's
 * ETag of a single-part object is its MD5), new article pages before the pages that link them, and a
 * page whose article is gone is removed last. The deployment's files (assets, chat.json) are never
 * removed: only pages under a locale's folder are the publisher's to remove.
 */
export class S3SiteTarget implements SiteTarget {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    /** The site's key prefix ("yardim/"), or "" at the bucket's root. */
    private readonly prefix: string,
    private readonly locales: readonly string[],
  ) {}

  async write(files: ReadonlyMap<string, string>): Promise<{ written: number; removed: number }> {
    const existing = await this.existing();
    const changed = [...files]
      .filter(([path, content]) => existing.get(this.prefix + path) !== createHash('md5').update(content).digest('hex'))
      .sort(([a], [b]) => rank(a) - rank(b));
    for (let i = 0; i < changed.length; i += 8) {
      await Promise.all(
        changed.slice(i, i + 8).map(([path, content]) =>
          this.s3.putObject({
            Bucket: this.bucket,
            Key: this.prefix + path,
            Body: content,
            ContentType: CONTENT_TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream',
            CacheControl: 'no-cache',
          }),
        ),
      );
    }
    const pages = this.locales.map((l) => `${this.prefix}${l}/`);
    const stale = [...existing.keys()].filter((key) => pages.some((p) => key.startsWith(p)) && !files.has(key.slice(this.prefix.length)));
    for (let i = 0; i < stale.length; i += 1000) {
      const { Errors } = await this.s3.deleteObjects({ Bucket: this.bucket, Keys: stale.slice(i, i + 1000) });
      if (Errors.length) throw new Error(`could not remove ${Errors.length} stale help center files (${Errors[0]?.Key}: ${Errors[0]?.Code})`);
    }
    return { written: changed.length, removed: stale.length };
  }

  /** Every key under the prefix with its ETag (the MD5 of its content, quotes removed). */
  private async existing(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await this.s3.listObjectsV2({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken: token });
      for (const o of page.Contents) if (o.Key) out.set(o.Key, (o.ETag ?? '').replace(/"/g, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }
}
