/** Under 18 on `today` (both `yyyy-mm-dd`); unknown birth dates are not minors. */
export function isMinor(birthDate: string | null, today: string): boolean {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return false;
  const adultOn = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
  return today < adultOn;
}
