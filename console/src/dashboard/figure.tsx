/** One labelled figure of a <dl class="figures">, with an optional detail line. */
export function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd>
        <span class="value">{value}</span>
        {detail && <span class="detail">{detail}</span>}
      </dd>
    </div>
  );
}
