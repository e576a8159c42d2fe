import type { AccountProfile, AccountsState } from '@shared/domain/account'
import type { ImportItem, ImportReport, ImportSource } from '@shared/domain/transfer'
import { forEachGrouped } from '../../vault'
import type { VerifiedSignInInput } from '../../vault'
import { whyNotVerified, type AccountChecker, type CheckedAccount } from '../account-check'
import type { ImportCandidate, ParsedImport, SourceFile } from './candidate'
import { parseMastodonPySecrets } from './mastodon-py-secrets'
import { parseTootConfig } from './toot-config'

/** The vault as imports and restores use it. */
export interface TransferVault {
  list(): AccountsState
  add(
    verified: VerifiedSignInInput,
    options: { transfer: true; label?: string }
  ): Promise<AccountProfile>
}

export interface ImportDeps {
  vault: TransferVault
  checker: AccountChecker
  /** Simultaneous verify_credentials per server (default 4). */
  perHost?: number
}

export function parseSource(source: ImportSource, files: readonly SourceFile[]): ParsedImport {
  if (source === 'mastodon.py') return parseMastodonPySecrets(files)
  const parsed = files.map(parseTootConfig)
  return {
    candidates: parsed.flatMap((p) => p.candidates),
    problems: parsed.flatMap((p) => p.problems),
    unreadable: parsed.flatMap((p) => p.unreadable)
  }
}

type Verified = { candidate: ImportCandidate; checked: CheckedAccount }

/**
 * Every account found is verified with its server before it is stored; nothing is revoked and
 * nothing already in Fedivault is touched. Files are only read (by the caller).
 */
export async function importAccounts(
  source: ImportSource,
  files: ReadonlyArray<SourceFile & { path?: string }>,
  deps: ImportDeps
): Promise<ImportReport> {
  const { candidates, problems, unreadable } = parseSource(source, files)
  const items = new Map<ImportCandidate, ImportItem>()
  const item = (c: ImportCandidate, rest: Omit<ImportItem, 'origin' | 'apiBaseUrl'>) =>
    items.set(c, { origin: c.origin, apiBaseUrl: c.apiBaseUrl, ...rest })

  // The same token twice (toot under two keys, a file picked twice) is one sign-in.
  const unique: ImportCandidate[] = []
  for (const c of candidates) {
    const first = unique.find((u) => sameToken(u, c))
    if (first) {
      item(c, { outcome: 'duplicate', reason: `The same sign-in as ${first.origin}.` })
      continue
    }
    unique.push(c)
    if (!c.app) {
      item(c, {
        outcome: 'failed',
        reason:
          'The file has no app registration (client id and secret) for this sign-in, and Fedivault needs it to sign out of the account later. Add the file the app was registered with, or sign in in Fedivault.'
      })
    }
  }

  const verified: Verified[] = []
  await forEachGrouped(
    unique.filter((c) => c.app),
    (c) => c.apiBaseUrl.toLowerCase(),
    deps.perHost ?? 4,
    async (candidate) => {
      try {
        verified.push({
          candidate,
          checked: await deps.checker.check(candidate.apiBaseUrl, candidate.accessToken)
        })
      } catch (error) {
        const secrets = [candidate.accessToken, candidate.app?.clientSecret ?? '']
        item(candidate, { outcome: 'failed', reason: whyNotVerified(error, secrets) })
      }
    }
  )

  // In file order, so "first one wins" among two sign-ins to one account is predictable.
  verified.sort((a, b) => candidates.indexOf(a.candidate) - candidates.indexOf(b.candidate))
  const imported = new Map<string, ImportCandidate>()
  for (const { candidate, checked } of verified) {
    const handle = checked.handle.toLowerCase()
    const earlier = imported.get(handle)
    if (earlier) {
      item(candidate, {
        handle,
        outcome: 'duplicate',
        reason: `Another sign-in to this account was imported from ${earlier.origin}.`
      })
    } else if (deps.vault.list().accounts.some((a) => a.id === handle)) {
      item(candidate, {
        handle,
        outcome: 'already_present',
        reason: 'Already in Fedivault; its sign-in there was left as it is.'
      })
    } else {
      try {
        const profile = await deps.vault.add(toSignIn(candidate, checked), { transfer: true })
        imported.set(handle, candidate)
        item(candidate, { handle: profile.id, outcome: 'added' })
      } catch (error) {
        item(candidate, { handle, outcome: 'failed', reason: savingFailed(error) })
      }
    }
  }

  const list = candidates.map((c) => items.get(c)!)
  const failedFiles = new Set(
    candidates.filter((c) => items.get(c)?.outcome === 'failed').flatMap((c) => c.files)
  )
  const usedFiles = new Set(candidates.flatMap((c) => c.files))
  return {
    source,
    files: files.map((f) => {
      const why = unreadable.find((u) => u.file === f.name)?.reason
      return {
        name: f.name,
        ...(f.path ? { path: f.path } : {}),
        deletable: usedFiles.has(f.name) && !failedFiles.has(f.name),
        ...(why ? { unreadable: why } : {})
      }
    }),
    problems,
    items: list,
    counts: {
      found: list.length,
      added: list.filter((i) => i.outcome === 'added').length,
      alreadyPresent: list.filter((i) => i.outcome === 'already_present').length,
      failed: list.filter((i) => i.outcome === 'failed').length
    }
  }
}

function sameToken(a: ImportCandidate, b: ImportCandidate): boolean {
  return (
    a.accessToken === b.accessToken && a.apiBaseUrl.toLowerCase() === b.apiBaseUrl.toLowerCase()
  )
}

function toSignIn(candidate: ImportCandidate, checked: CheckedAccount): VerifiedSignInInput {
  const now = Date.now()
  return {
    apiBaseUrl: checked.apiBaseUrl,
    handle: checked.handle,
    account: checked.account,
    tokens: { accessToken: candidate.accessToken, tokenType: 'Bearer', scope: [], createdAt: now },
    app: {
      clientId: candidate.app!.clientId,
      clientSecret: candidate.app!.clientSecret,
      // Both tools register the out-of-band URI only; the app is kept to revoke this token.
      redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
      scopes: [],
      registeredAt: now
    },
    instance: checked.instance as unknown as VerifiedSignInInput['instance']
  }
}

function savingFailed(error: unknown): string {
  const message =
    error && typeof error === 'object' && 'code' in error && error instanceof Error
      ? error.message
      : 'Fedivault could not save it.'
  return `Verified, but not saved: ${message}`
}
