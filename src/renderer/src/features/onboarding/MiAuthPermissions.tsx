/**
 * The permissions a Misskey-family server will ask the person to approve, grouped the way its
 * page reads them ("read:notes" → Read: notes). The names are the server's own, so what is shown
 * here matches what the approval page lists.
 */
export function MiAuthPermissions({ permissions }: { permissions: readonly string[] }) {
  const groups = new Map<string, string[]>()
  for (const permission of permissions) {
    const [kind = '', what = permission] = permission.includes(':')
      ? permission.split(':', 2)
      : ['', permission]
    groups.set(kind, [...(groups.get(kind) ?? []), what])
  }
  return (
    <dl className="permissions" data-testid="miauth-permissions">
      {[...groups].map(([kind, names]) => (
        <div key={kind}>
          <dt>{GROUP_NAMES[kind] ?? (kind || 'Other')}</dt>
          <dd>{names.join(', ')}</dd>
        </div>
      ))}
    </dl>
  )
}

const GROUP_NAMES: Record<string, string> = {
  read: 'Read',
  write: 'Write'
}

/** Whether a browser sign-in goes through MiAuth (Misskey family): no code to paste, no password. */
export const isMiAuth = (browser: { method?: 'oauth' | 'miauth' }): boolean =>
  browser.method === 'miauth'
