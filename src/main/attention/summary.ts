/** "1 account needs sign-in", "2 accounts need sign-in" (the tray's tooltip). */
export function needsSignInSummary(count: number): string {
  return count === 1 ? '1 account needs sign-in' : `${count} accounts need sign-in`
}
