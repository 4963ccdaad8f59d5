/** A child's age in whole years on a given day (UTC calendar dates, "YYYY-MM-DD"). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number);
  const [year, month, day] = today.split('-').map(Number);
  const hadBirthdayThisYear = month > birthMonth || (month === birthMonth && day >= birthDay);
  return Math.max(0, year - birthYear - (hadBirthdayThisYear ? 0 : 1));
}
