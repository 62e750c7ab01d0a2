import type { Interval } from './plans';

interface IntervalToggleProps {
  value: Interval;
  onChange: (value: Interval) => void;
  yearlyPercent: number;
}

/** Radio buttons styled as a switch: arrow keys move between them, and the choice is announced. */
export function IntervalToggle({ value, onChange, yearlyPercent }: IntervalToggleProps) {
  return (
    <fieldset className="segmented">
      <legend>Billing period</legend>
      <label>
        <input
          type="radio"
          name="interval"
          value="month"
          checked={value === 'month'}
          onChange={() => onChange('month')}
        />
        Monthly
      </label>
      <label>
        <input
          type="radio"
          name="interval"
          value="year"
          checked={value === 'year'}
          onChange={() => onChange('year')}
        />
        Yearly{yearlyPercent > 0 ? ` (save up to ${yearlyPercent}%)` : ''}
      </label>
    </fieldset>
  );
}
