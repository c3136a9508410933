import Holidays from 'date-holidays';
import type { ClosedDay } from './business-hours';

const calendar = new Holidays('BR');
const byYear = new Map<number, Set<string>>();

/** Brazilian national public holidays of a year (`yyyy-mm-dd`), from the maintained date-holidays data. */
export function nationalHolidays(year: number): Set<string> {
  let dates = byYear.get(year);
  if (!dates) {
    // Only `public` days close: Carnaval and Corpus Christi are optional/bank days in national law.
    dates = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    byYear.set(year, dates);
  }
  return dates;
}

/** National holidays plus a tenant's own closed dates (municipal holidays, office closures). */
export function brazilianClosedDays(extraDates: readonly string[] = []): ClosedDay {
  const extra = new Set(extraDates);
  return (date) => extra.has(date) || nationalHolidays(Number(date.slice(0, 4))).has(date);
}
