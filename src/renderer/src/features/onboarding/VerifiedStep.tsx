import { EmojiText } from '@renderer/components/EmojiText'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { ProfileCard } from '@renderer/components/ProfileCard'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors } from '@renderer/store/selectors'

export function VerifiedStep() {
  const { profile, reauth } = useAppStore(onboardingSelectors.state)
  const progress = useAppStore(onboardingSelectors.progressText)
  const isActive = useAppStore((s) => !!profile && s.activeAccountId === profile.id)
  const finish = useAppStore((s) => s.finishOnboarding)
  const restart = useAppStore((s) => s.restartOnboarding)
  if (!profile) return null
  return (
    <div>
      <FocusHeading testId="verified-heading">
        {reauth ? 'Signed in again' : 'Signed in'} as{' '}
        <EmojiText text={profile.displayName || profile.username} emojis={profile.emojis} />
      </FocusHeading>
      <ProfileCard profile={profile} />
      <Progress text={progress} />
      {isActive && <p data-testid="now-active">This is now your active account.</p>}
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
