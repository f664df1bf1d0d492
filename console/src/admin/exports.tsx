import { useState } from 'preact/hooks';
import type { components } from '#agent/api-types';
import { ApiError, type Api } from '../api';
import { useApp } from '../context';
import { checkRange, presetRange } from '../dashboard/range';
import { t } from '../i18n';
import { StatusLines, useSectionStatus } from './form-parts';

type StoredExport = components['schemas']['StoredExport'];
type ExportKind = 'tickets' | 'metrics';

/** The file a browser saves: the kind and its days, e.g. destek-tickets-2026-11-01_2026-11-30.csv. */
const exportFilename = (kind: ExportKind, from: string, to: string) => `destek-${kind}-${from}_${to}.csv`;

/**
 * One export through the API client (it carries the agent's token, which a plain link could not):
 * the CSV's bytes as they came (the byte-order mark kept), or the stored file's link for a large range.
 */
async function fetchExport(api: Api, kind: ExportKind, from: string, to: string): Promise<{ csv: Blob } | { link: string }> {
  const path = kind === 'tickets' ? '/exports/tickets' : '/exports/metrics';
  // link=body: a redirect's Location is hidden from scripts, so a stored export's link comes in the body (201).
  const { data, error, response } = await api.GET(path, { params: { query: { from, to, link: 'body' } }, parseAs: 'blob' });
  if (error !== undefined || !(data instanceof Blob)) {
    const body = error as { message?: string; error?: { code?: string } } | undefined;
    throw new ApiError(response.status, body?.message ?? `HTTP ${response.status}`, body?.error?.code);
  }
  if (response.status === 201) return { link: (JSON.parse(await data.text()) as StoredExport).url };
  return { csv: data };
}

/** Hands the browser a file to save, through a temporary link that is gone again at once. */
function save(href: string, filename?: string): void {
  const a = document.createElement('a');
  a.href = href;
  if (filename) a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** CSV exports for spreadsheets: the range's tickets and its figures. */
export function ExportsAdmin() {
  const { api } = useApp();
  const initial = presetRange('30d');
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [busy, setBusy] = useState<ExportKind | undefined>();
  const { status, setStatus, error, setError, fail } = useSectionStatus();

  const run = async (kind: ExportKind) => {
    setError(undefined);
    // A reversed range goes to the API, which says why it refuses it.
    if (checkRange(from, to) === 'missing') {
      setError(t('dashRangeMissing'));
      return;
    }
    setBusy(kind);
    setStatus(t('exportsPreparing', { kind: t(kind === 'tickets' ? 'exportsTickets' : 'exportsMetrics') }));
    try {
      const result = await fetchExport(api, kind, from, to);
      let name = exportFilename(kind, from, to);
      if ('link' in result) {
        // The stored file is named by the API (its link's last segment) and downloads from storage.
        name = decodeURIComponent(new URL(result.link).pathname.split('/').pop() ?? name);
        save(result.link);
      } else {
        const url = URL.createObjectURL(result.csv);
        save(url, name);
        // The download has its own copy once started; the object URL only has to outlive the click.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
      setStatus(t('exportsDone', { name }));
    } catch (e) {
      setStatus('');
      fail(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="panel exports-admin" aria-labelledby="exports-heading" aria-busy={busy !== undefined}>
      <h2 id="exports-heading">{t('exportsTitle')}</h2>
      <p class="muted">{t('exportsNote')}</p>
      <div class="tools">
        <label>
          {t('dashFrom')}
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('dashTo')}
          <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="primary" disabled={busy !== undefined} onClick={() => void run('tickets')}>
          {t('exportsTicketsButton')}
        </button>
        <button type="button" disabled={busy !== undefined} onClick={() => void run('metrics')}>
          {t('exportsMetricsButton')}
        </button>
      </div>
      <StatusLines status={status} error={error} />
    </section>
  );
}
