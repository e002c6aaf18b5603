// The package's entry points are CommonJS with a dayjs-like API; its JSON is the same data as
// plain maps, and the only place that carries the holiday names.
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { LocalDate } from './calendar.ts';

export interface OfficialHolidayRow {
  readonly day: LocalDate;
  readonly kind: 'holiday' | 'workday';
  /** Chinese name of the holiday, e.g. 国庆节; for a workday, the holiday it makes up for. */
  readonly name: string;
}

// Values read "English name,中文名,n", where n is the number of statutory days of that holiday
// in that year (春节 3 until 2024, 4 from 2025 under the 2024 revision of 全国年节及纪念日放假办法).
type DayMap = Readonly<Record<string, string>>;
const HOLIDAYS: DayMap = chineseDaysData.holidays;
const WORKDAYS: DayMap = chineseDaysData.workdays;

function chineseName(value: string): string {
  const parts = value.split(',');
  return parts[parts.length - 2] ?? value;
}

function rowsOf(
  map: DayMap,
  kind: OfficialHolidayRow['kind'],
  years: ReadonlySet<string>,
): OfficialHolidayRow[] {
  return Object.entries(map)
    .filter(([day]) => years.has(day.slice(0, 4)))
    .map(([day, value]) => ({ day, kind, name: chineseName(value) }));
}

/**
 * The State Council's holiday arrangement for `years`, from the `chinese-days` package, sorted by
 * day. A year the package has no data for (not yet announced, or before 2004) yields no rows.
 */
export function officialHolidayRows(years: readonly number[]): OfficialHolidayRow[] {
  const wanted = new Set(years.map((year) => String(year).padStart(4, '0')));
  return [...rowsOf(HOLIDAYS, 'holiday', wanted), ...rowsOf(WORKDAYS, 'workday', wanted)].sort(
    (a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0),
  );
}
