import type { AccountSummary } from '@shared/domain/account'
import { cleanText } from '../tray/tray-view'

export interface NotificationContent {
  title: string
  body: string
}

/**
 * The notification for one account that turned "needs sign-in". It names the account and its
 * server and nothing else: never the server's own words (`statusReason` can hold a raw error
 * body) and never anything secret.
 */
export function needsSignInNotification(account: AccountSummary): NotificationContent {
  const handle = `@${cleanText(account.id, 120)}`
  let server = cleanText(account.domain, 120)
  try {
    server = new URL(account.apiBaseUrl).host || server
  } catch {
    // the handle's domain it is
  }
  return {
    title: `Sign in again to ${handle}`,
    body:
      `${server} no longer accepts Fedivault's sign-in for this account, so scripts cannot use ` +
      'it. Click to sign in again.'
  }
}
