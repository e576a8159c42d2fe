import { useId, useState } from 'react'
import { EmojiText } from '@renderer/components/EmojiText'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { ProfileCard } from '@renderer/components/ProfileCard'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { fullHandle, onboardingSelectors } from '@renderer/store/selectors'

export function VerifiedStep() {
  const { profile, reauth, previousActiveId, busy } = useAppStore(onboardingSelectors.state)
  const progress = useAppStore(onboardingSelectors.progressText)
  const isActive = useAppStore((s) => !!profile && s.activeAccountId === profile.id)
  const previous = useAppStore((s) =>
    previousActiveId ? s.accounts.find((a) => a.id === previousActiveId) : undefined
  )
  const setActive = useAppStore((s) => s.setNewAccountActive)
  const finish = useAppStore((s) => s.finishOnboarding)
  const restart = useAppStore((s) => s.restartOnboarding)
  const [requested, setRequested] = useState<boolean | null>(null)
  const hintId = useId()
  if (!profile) return null
  // The only account is the active one: there is nothing to go back to.
  const fixed = isActive && !previous

  const toggle = async (value: boolean) => {
    if (requested !== null || fixed) return
    setRequested(value)
    try {
      await setActive(value)
    } finally {
      setRequested(null)
    }
  }

  return (
    <div>
      <FocusHeading testId="verified-heading">
        {reauth ? 'Signed in again' : 'Signed in'} as{' '}
        <EmojiText text={profile.displayName || profile.username} emojis={profile.emojis} />
      </FocusHeading>
      <ProfileCard profile={profile} />
      <Progress text={progress} />
      {busy === null && (
        <div className="make-active">
          <label className="check">
            <input
              type="checkbox"
              data-testid="make-active"
              checked={requested ?? isActive}
              aria-disabled={fixed || undefined}
              aria-busy={requested !== null || undefined}
              aria-describedby={hintId}
              onChange={(e) => void toggle(e.target.checked)}
            />
            Make this the active account
          </label>
          <p className="hint" id={hintId} data-testid={isActive ? 'now-active' : 'not-active'}>
            {isActive
              ? fixed
                ? 'Your only account is the active one: scripts and the tray use it.'
                : 'Scripts and the tray now use this account.'
              : previous
                ? `Scripts and the tray go on using ${fullHandle(previous)}.`
                : 'Scripts and the tray use the active account.'}
          </p>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => restart()}>
          Add another account
        </button>
        <button type="button" className="primary" onClick={finish}>
          Go to accounts
        </button>
      </div>
    </div>
  )
}
