import { dynamoAuditLog } from '#adapters/audit-log';
import { createS3Client } from '#adapters/s3-client';
import { s3ExportFiles, ticketsCreatedBetween } from '#adapters/ticket-export';
import type { ExportDeps } from '#agent/exports';
import type { AuditLog } from '#core/audit';
import { intEnv, requireEnv } from './env';
import { once } from './lazy';
import { documentClient } from './shared';

/** The audit trail (binding table:readwrite, setting group audit). */
export const auditLogFromEnv = (env = process.env): AuditLog =>
  dynamoAuditLog(documentClient(), requireEnv('TABLE_NAME', env), intEnv('AUDIT_RETENTION_DAYS', env));

/** The CSV exports: tickets through the byCreated view, large files into the attachments bucket (setting group exports). */
export function exportDepsFromEnv(env = process.env): ExportDeps {
  const table = requireEnv('TABLE_NAME', env);
  const files = once(() => s3ExportFiles(createS3Client(env), requireEnv('ATTACHMENTS_BUCKET', env)));
  return {
    tickets: (from, to) => ticketsCreatedBetween(documentClient(), table, from, to),
    files: { begin: (key, filename) => files().begin(key, filename) },
    inlineMaxBytes: intEnv('EXPORT_INLINE_MAX_BYTES', env),
    linkSeconds: intEnv('EXPORT_LINK_SECONDS', env),
  };
}
