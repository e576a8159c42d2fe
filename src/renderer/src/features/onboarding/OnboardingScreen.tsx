import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors } from '@renderer/store/selectors'
import { BrowserWaitStep } from './BrowserWaitStep'
import { InstanceStep } from './InstanceStep'
import { PasswordStep } from './PasswordStep'
import { VerifiedStep } from './VerifiedStep'

const STEP_NAMES = ['Server', 'Sign in', 'Done']

export function OnboardingScreen() {
  const step = useAppStore(onboardingSelectors.step)
  const number = useAppStore(onboardingSelectors.stepNumber)
  const reauth = useAppStore((s) => s.onboarding.reauth)
  return (
    <section className="screen onboarding" aria-labelledby="onboarding-title" data-step={step}>
      <h1 id="onboarding-title" tabIndex={-1}>
        {reauth ? 'Sign in again' : 'Add an account'}
      </h1>
      <ol className="stepper" aria-label="Progress">
        {STEP_NAMES.map((name, i) => (
          <li
            key={name}
            className={i + 1 === number ? 'current' : i + 1 < number ? 'done' : undefined}
            aria-current={i + 1 === number ? 'step' : undefined}
          >
            {name}
          </li>
        ))}
      </ol>
      <div className="card" data-testid={`step-${step}`}>
        {step === 'instance' && <InstanceStep />}
        {step === 'browser-wait' && <BrowserWaitStep />}
        {step === 'password' && <PasswordStep />}
        {step === 'verified' && <VerifiedStep />}
      </div>
    </section>
  )
}
