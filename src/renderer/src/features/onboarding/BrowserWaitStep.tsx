import { useId, useState, type FormEvent } from 'react'
import { CopyButton } from '@renderer/components/CopyButton'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { FocusHeading } from '@renderer/components/FocusHeading'
import { OptionalImage } from '@renderer/components/OptionalImage'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { onboardingSelectors } from '@renderer/store/selectors'
import { MiAuthPermissions } from './MiAuthPermissions'

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })

export function BrowserWaitStep() {
  const { instance, flow, browserOpened, manualEntry, error, busy } = useAppStore(
    onboardingSelectors.state
  )
  const progress = useAppStore(onboardingSelectors.progressText)
  const openAgain = useAppStore((s) => s.openBrowserAgain)
  const cancel = useAppStore((s) => s.cancelBrowserSignIn)
  const start = useAppStore((s) => s.startSignIn)
  const showManual = useAppStore((s) => s.showManualEntry)
  if (!flow || !instance) return null
  const server = instance.title || instance.domain
  // MiAuth (Misskey family) has no code to paste: main notices the approval by itself.
  const pasteCode = flow.pasteCode !== false

  const retry = async () => {
    await cancel()
    await start()
  }

  return (
    <div className="wait-view">
      <div className="wait-head">
        <OptionalImage className="wait-server-picture" src={instance.thumbnail} />
        <FocusHeading>Approve Fedivault in your browser</FocusHeading>
      </div>
      {browserOpened === false ? (
        <p data-testid="browser-not-opened">
          Fedivault could not open your browser. Copy the link below and open it in your browser
          {pasteCode ? ', or enter a code instead' : ''}.
        </p>
      ) : flow.method === 'miauth' ? (
        <p>
          {server}&rsquo;s page opens in your browser. Sign in there and approve the permissions it
          lists for Fedivault.
        </p>
      ) : (
        <p>
          {server}&rsquo;s sign-in page opens in your browser. Sign in there and approve Fedivault —
          this window goes on by itself.
        </p>
      )}
      {flow.method === 'miauth' && flow.permissions && (
        <details className="permissions-details">
          <summary>Show all {flow.permissions.length} permissions</summary>
          <MiAuthPermissions permissions={flow.permissions} />
        </details>
      )}
      <Progress text={progress} testId="progress" large />
      {error && (
        <ErrorPanel error={error} fallbackTitle="Browser sign-in did not finish">
          <button type="button" onClick={() => void retry()}>
            Start again
          </button>
        </ErrorPanel>
      )}
      <p className="wait-links">
        <button
          type="button"
          className="link-button"
          onClick={() => void openAgain()}
          disabled={!!error}
        >
          Open the browser again
        </button>
        <span aria-hidden="true"> · </span>
        <CopyButton text={flow.authorizationUrl} label="Copy link" />
      </p>
      <p className="hint">The link works until {time.format(flow.expiresAt)}.</p>
      {!pasteCode ? (
        <p data-testid="notices-by-itself">
          Fedivault notices the approval by itself, even if your browser doesn&rsquo;t come back
          here — keep this open until it does.
        </p>
      ) : manualEntry ? (
        <ManualCodeForm manualUrl={flow.manualAuthorizationUrl} busy={busy === 'submitting-code'} />
      ) : (
        <p>
          <button type="button" className="link-button" onClick={showManual}>
            Enter the code manually
          </button>{' '}
          <span className="muted">if the browser can&rsquo;t come back to Fedivault.</span>
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function ManualCodeForm({ manualUrl, busy }: { manualUrl: string; busy: boolean }) {
  const submit = useAppStore((s) => s.submitCode)
  const [code, setCode] = useState('')
  const codeId = useId()
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void submit(code)
  }
  return (
    <form className="manual-code" onSubmit={onSubmit} aria-label="Enter the code manually">
      <h3>Enter the code manually</h3>
      <ol>
        <li>
          {/* Links with target=_blank go to the system browser (the window-open guard in main). */}
          <a href={manualUrl} target="_blank" rel="noopener noreferrer" data-testid="manual-link">
            Open the page that shows a code
          </a>{' '}
          (or <CopyButton text={manualUrl} label="copy its link" />) and sign in.
        </li>
        <li>Copy the code the server shows and paste it here.</li>
      </ol>
      <label htmlFor={codeId}>Authorization code</label>
      <div className="inline-field">
        <input
          id={codeId}
          name="code"
          type="text"
          autoComplete="one-time-code"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy}>
          Sign in with code
        </button>
      </div>
    </form>
  )
}
