import { useEffect, useState } from 'preact/hooks';
import { must, type Metrics } from '../api';
import { useApp } from '../context';
import { BarTable, TableWrap, VolumeChart } from '../dashboard/charts';
import { formatAverage, formatCount, formatMinutes, formatRate } from '../dashboard/format';
import { Figure } from '../dashboard/figure';
import { HelpCenterPanel } from '../dashboard/help-center';
import { NpsPanel } from '../dashboard/nps';
import { checkRange, presetRange, type DayRange, type Preset } from '../dashboard/range';
import { t } from '../i18n';
import '../dashboard/dashboard.css';

const PRESETS: readonly { id: Preset; label: 'dashToday' | 'dash7Days' | 'dash30Days' }[] = [
  { id: 'today', label: 'dashToday' },
  { id: '7d', label: 'dash7Days' },
  { id: '30d', label: 'dash30Days' },
];

/** Metrics for a range of days (UTC, as the API counts them): figures, the daily volume, ratings, intents, agents. */
export function Dashboard() {
  const { api } = useApp();
  const [preset, setPreset] = useState<Preset | 'custom'>('7d');
  const [range, setRange] = useState<DayRange>(presetRange('7d'));
  const [metrics, setMetrics] = useState<Metrics | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    must(api.GET('/metrics', { params: { query: { from: range.from, to: range.to } } }))
      .then((m) => !cancelled && setMetrics(m))
      .catch((e: Error) => !cancelled && setError(e.message))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, range.from, range.to]);

  return (
    <div class="dashboard">
      <h1>{t('navDashboard')}</h1>
      <RangePicker
        preset={preset}
        range={range}
        onPreset={(p) => {
          setPreset(p);
          setRange(presetRange(p));
        }}
        onCustom={(r) => {
          setPreset('custom');
          setRange(r);
        }}
      />
      <p class="muted" aria-live="polite">
        {loading ? t('loading') : t('dashUtcNote')}
      </p>
      {error && (
        <p class="error" role="alert">
          {t('error', { message: error })}
        </p>
      )}
      {metrics && <Figures m={metrics} />}
    </div>
  );
}

function RangePicker({
  preset,
  range,
  onPreset,
  onCustom,
}: {
  preset: Preset | 'custom';
  range: DayRange;
  onPreset: (p: Preset) => void;
  onCustom: (r: DayRange) => void;
}) {
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setFrom(range.from);
    setTo(range.to);
  }, [range.from, range.to]);
  return (
    <form
      class="range"
      aria-label={t('dashRange')}
      onSubmit={(e) => {
        e.preventDefault();
        const check = checkRange(from, to);
        setProblem(check === 'ok' ? undefined : t(check === 'missing' ? 'dashRangeMissing' : 'dashRangeReversed'));
        if (check === 'ok') onCustom({ from, to });
      }}
    >
      <fieldset class="presets">
        <legend class="visually-hidden">{t('dashRange')}</legend>
        {PRESETS.map((p) => (
          <button type="button" key={p.id} aria-pressed={preset === p.id} onClick={() => onPreset(p.id)}>
            {t(p.label)}
          </button>
        ))}
      </fieldset>
      <label>
        {t('dashFrom')}
        <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} aria-describedby="range-problem" />
      </label>
      <label>
        {t('dashTo')}
        <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} aria-describedby="range-problem" />
      </label>
      <button type="submit" aria-pressed={preset === 'custom'}>
        {t('dashApply')}
      </button>
      <span id="range-problem" class="error" role={problem ? 'alert' : undefined}>
        {problem ?? ''}
      </span>
    </form>
  );
}

function Figures({ m }: { m: Metrics }) {
  const p90 = (s: { medianMinutes: number | null; p90Minutes: number | null }) => t('dashP90', { value: formatMinutes(s.p90Minutes) });
  return (
    <>
      <section aria-labelledby="figures-title">
        <h2 id="figures-title" class="visually-hidden">
          {t('dashFigures')}
        </h2>
        <dl class="figures">
          <Figure label={t('dashTickets')} value={formatCount(m.tickets)} />
          <Figure label={t('dashFirstResponse')} value={formatMinutes(m.firstResponse.medianMinutes)} detail={p90(m.firstResponse)} />
          <Figure label={t('dashResolution')} value={formatMinutes(m.resolution.medianMinutes)} detail={p90(m.resolution)} />
          <Figure label={t('dashFcr')} value={formatRate(m.firstContactResolutionRate)} />
          <Figure label={t('dashDeflection')} value={formatRate(m.botDeflectionRate)} />
          <Figure label={t('dashReopen')} value={formatRate(m.reopenRate)} />
          <Figure label={t('dashCsatAverage')} value={formatAverage(m.csat.average)} detail={t('dashRatings', { count: formatCount(m.csat.responses) })} />
          <Figure label={t('dashSlaBreaches')} value={formatCount(m.slaBreaches)} />
        </dl>
      </section>
      <section class="panel" aria-labelledby="volume-title">
        <h2 id="volume-title">{t('dashVolumeByDay')}</h2>
        <VolumeChart days={m.volumeByDay} />
      </section>
      <div class="panels">
        <section class="panel" aria-labelledby="csat-title">
          <h2 id="csat-title">{t('dashCsatDistribution')}</h2>
          <BarTable
            caption={t('dashRatings', { count: formatCount(m.csat.responses) })}
            head={[t('dashScore'), t('dashCount')]}
            rows={(['5', '4', '3', '2', '1'] as const).map((s) => ({ label: '★'.repeat(Number(s)), value: m.csatDistribution[s] }))}
          />
        </section>
        <section class="panel" aria-labelledby="intents-title">
          <h2 id="intents-title">{t('dashTopIntents')}</h2>
          {m.topIntents.length ? (
            <BarTable
              caption={t('dashTopIntentsCaption')}
              head={[t('dashIntent'), t('dashTickets')]}
              rows={m.topIntents.map((i) => ({ label: i.intent, value: i.tickets }))}
            />
          ) : (
            <p class="muted">{t('dashNoData')}</p>
          )}
        </section>
      </div>
      <section class="panel" aria-labelledby="agents-title">
        <h2 id="agents-title">{t('dashAgents')}</h2>
        {m.agents.length ? (
          <TableWrap label={t('dashAgents')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dashAgent')}</th>
                  <th scope="col">{t('dashHandled')}</th>
                  <th scope="col">{t('dashReplies')}</th>
                  <th scope="col">{t('dashFirstResponse')}</th>
                  <th scope="col">{t('dashResolution')}</th>
                  <th scope="col">{t('dashCsatAverage')}</th>
                </tr>
              </thead>
              <tbody>
                {m.agents.map((a) => (
                  <tr key={a.agent}>
                    <th scope="row">{a.agent}</th>
                    <td>{formatCount(a.ticketsHandled)}</td>
                    <td>{formatCount(a.replies)}</td>
                    <td>{formatMinutes(a.firstResponse.medianMinutes)}</td>
                    <td>{formatMinutes(a.resolution.medianMinutes)}</td>
                    <td>
                      {formatAverage(a.csat.average)} <span class="muted">({formatCount(a.csat.responses)})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : (
          <p class="muted">{t('dashNoData')}</p>
        )}
      </section>
      <NpsPanel n={m.nps} />
      <HelpCenterPanel h={m.helpCenter} />
    </>
  );
}
