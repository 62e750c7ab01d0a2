export function StatCard({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <li className="card stat">
      <p className="stat__label">{label}</p>
      <p className="stat__value">{value}</p>
      {hint ? <p className="field__hint">{hint}</p> : null}
    </li>
  );
}
