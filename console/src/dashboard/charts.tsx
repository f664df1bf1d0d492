import type { ComponentChildren } from 'preact';
import type { Metrics } from '../api';
import { t } from '../i18n';
import { CHANNELS } from '../views';
import { formatCount, formatDay } from './format';

type Day = Metrics['volumeByDay'][number];

const HEIGHT = 120;
const BAR = 10;
const GAP = 4;

/**
 * Tickets per day, stacked by channel: an SVG picture (role img, with its sum as the name) and the
 * same numbers as a table beside it for screen readers and whoever wants them.
 */
export function VolumeChart({ days }: { days: readonly Day[] }) {
  const max = Math.max(1, ...days.map((d) => d.total));
  const width = days.length * (BAR + GAP);
  const total = days.reduce((n, d) => n + d.total, 0);
  const channels = CHANNELS.filter((c) => days.some((d) => d.byChannel[c]));
  return (
    <figure class="chart">
      <svg
        class="volume"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={t('dashVolumeSummary', { total: formatCount(total), days: formatCount(days.length) })}
      >
        {days.map((d, i) => {
          let y = HEIGHT;
          return (
            <g key={d.day}>
              <title>{`${formatDay(d.day)}: ${formatCount(d.total)}`}</title>
              {channels.map((c) => {
                const n = d.byChannel[c] ?? 0;
                if (!n) return null;
                const h = (n / max) * HEIGHT;
                y -= h;
                return <rect key={c} class={`ch-${c}`} x={i * (BAR + GAP)} y={y} width={BAR} height={h} />;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {channels.map((c) => (
            <li key={c}>
              <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
                <rect class={`ch-${c}`} width="10" height="10" />
              </svg>
              {c}
            </li>
          ))}
        </ul>
        {days.length > 0 && (
          <span class="muted">
            {formatDay(days[0]!.day)} – {formatDay(days.at(-1)!.day)}
          </span>
        )}
      </figcaption>
      <details>
        <summary>{t('dashShowTable')}</summary>
        <TableWrap label={t('dashVolumeByDay')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('dashDay')}</th>
                {channels.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
                <th scope="col">{t('dashTotal')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{formatDay(d.day)}</th>
                  {channels.map((c) => (
                    <td key={c}>{formatCount(d.byChannel[c] ?? 0)}</td>
                  ))}
                  <td>{formatCount(d.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}

/** A table that scrolls sideways on a phone: a named region that takes focus, so keyboards can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus, or keyboards cannot scroll it (WCAG 2.1.1).
    <section class="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** A table of labelled counts, each with a bar drawn to scale (decoration: the number is in the cell). */
export function BarTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: readonly { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <TableWrap label={caption}>
      <table class="bars">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
            <th scope="col">
              <span class="visually-hidden">{t('dashShare')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{formatCount(r.value)}</td>
              <td class="bar-cell">
                <svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                  <rect class="bar" width={(r.value / max) * 100} height="8" />
                </svg>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
