/** One line per figure: the value, the baseline measured in the same run, their ratio and the target. */
export function report(
  rows: { name: string; value: string; baseline?: string; ratio?: number; target: string; ok: boolean }[],
) {
  for (const row of rows) {
    const ratio = row.ratio === undefined ? '' : ` ratio ${row.ratio.toFixed(2)}`;
    const baseline = row.baseline ? ` (baseline ${row.baseline})` : '';
    console.log(
      `${row.ok ? 'PASS' : 'FAIL'}  ${row.name}: ${row.value}${baseline}${ratio}  target ${row.target}`,
    );
  }
}
