import { useId, useState, type FormEvent } from 'react'
import { MIN_PASSPHRASE_LENGTH } from '@shared/domain/transfer'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { PathField } from './PathField'
import { RestoreReportView } from './RestoreReportView'

type Mode = 'closed' | 'export' | 'restore'

/**
 * Settings → Export accounts… / Restore from export…. The passphrase lives in this component's
 * state only while it is typed: it is cleared the moment the form is submitted.
 */
export function ExportSection({ nativeFileDialogs }: { nativeFileDialogs: boolean }) {
  const exportRun = useAppStore((s) => s.exportRun)
  const restoreRun = useAppStore((s) => s.restoreRun)
  const runExport = useAppStore((s) => s.runExport)
  const runRestore = useAppStore((s) => s.runRestore)
  const chooseExport = useAppStore((s) => s.chooseExportFile)
  const chooseRestore = useAppStore((s) => s.chooseRestoreFile)
  const reset = useAppStore((s) => s.resetTransfer)
  const [mode, setMode] = useState<Mode>('closed')
  const [paths, setPaths] = useState<string[]>([])
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const passId = useId()
  const againId = useId()
  const problemId = useId()

  const forget = () => {
    setPassphrase('')
    setAgain('')
  }
  const openMode = (next: Mode) => {
    forget()
    setPaths([])
    setProblem(null)
    reset('export')
    reset('restore')
    setMode(next)
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const typed = passphrase
    const confirmation = again
    // Out of this component before anything else happens, whatever the outcome.
    forget()
    const path = paths[0]
    if (!path) return setProblem('Choose the file first.')
    if (mode === 'export') {
      if (typed.length < MIN_PASSPHRASE_LENGTH) {
        return setProblem(
          `Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters: it is all that protects the export.`
        )
      }
      if (typed !== confirmation) return setProblem('The two passphrases are not the same.')
      setProblem(null)
      void runExport(path, typed, confirmation)
    } else {
      setProblem(null)
      void runRestore(path, typed)
    }
  }

  const running = exportRun.status === 'running' || restoreRun.status === 'running'
  return (
    <section className="card" aria-labelledby="export-title" data-testid="export-accounts">
      <h2 id="export-title">Move accounts to another computer</h2>
      <p>
        An export is one file with all your accounts, their sign-ins and labels, encrypted with a
        passphrase you choose. Restore it on the other computer: Fedivault checks each account with
        its server and keeps whichever sign-in is newer.
      </p>
      <div className="actions">
        <button type="button" onClick={() => openMode('export')} aria-pressed={mode === 'export'}>
          Export accounts…
        </button>
        <button type="button" onClick={() => openMode('restore')} aria-pressed={mode === 'restore'}>
          Restore from export…
        </button>
      </div>
      {mode !== 'closed' && (
        <form
          onSubmit={onSubmit}
          aria-label={mode === 'export' ? 'Export accounts' : 'Restore from export'}
        >
          <PathField
            nativeFileDialogs={nativeFileDialogs}
            name="transfer-path"
            label={mode === 'export' ? 'Save the export as' : 'Path to the export file'}
            chooseLabel={mode === 'export' ? 'Choose where to save…' : 'Choose the export file…'}
            paths={paths}
            onPaths={setPaths}
            choose={async () => {
              const chosen = await (mode === 'export' ? chooseExport() : chooseRestore())
              return chosen ? [chosen] : []
            }}
          />
          <label htmlFor={passId}>Passphrase</label>
          <input
            id={passId}
            name="passphrase"
            type="password"
            autoComplete={mode === 'export' ? 'new-password' : 'off'}
            required
            aria-describedby={problem ? problemId : undefined}
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          {mode === 'export' && (
            <>
              <label htmlFor={againId}>Passphrase again</label>
              <input
                id={againId}
                name="passphrase-again"
                type="password"
                autoComplete="new-password"
                required
                value={again}
                onChange={(e) => setAgain(e.target.value)}
              />
            </>
          )}
          {problem && (
            <p id={problemId} className="reason" role="alert">
              {problem}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={running} aria-busy={running || undefined}>
              {mode === 'export' ? 'Export' : 'Restore'}
            </button>
            <button type="button" onClick={() => openMode('closed')}>
              Close
            </button>
          </div>
        </form>
      )}
      <Progress
        text={
          exportRun.status === 'running'
            ? 'Encrypting the export…'
            : restoreRun.status === 'running'
              ? 'Opening the export and checking each account with its server…'
              : null
        }
        testId="transfer-progress"
      />
      {mode === 'export' && exportRun.status === 'error' && (
        <ErrorPanel error={exportRun.error} fallbackTitle="Couldn't export" testId="export-error" />
      )}
      {mode === 'export' && exportRun.status === 'done' && (
        <p role="status" data-testid="export-done">
          Exported {exportRun.result.accounts}{' '}
          {exportRun.result.accounts === 1 ? 'account' : 'accounts'} to{' '}
          <code>{exportRun.result.path}</code>. Keep the passphrase somewhere safe: without it the
          file cannot be opened.
          {exportRun.result.skipped.length > 0 &&
            ` Not included, because this computer can no longer read their sign-in: ${exportRun.result.skipped.join(', ')}.`}
        </p>
      )}
      {mode === 'restore' && restoreRun.status === 'error' && (
        <ErrorPanel
          error={restoreRun.error}
          fallbackTitle="Couldn't restore"
          testId="restore-error"
        />
      )}
      {mode === 'restore' && restoreRun.status === 'done' && (
        <RestoreReportView report={restoreRun.result} />
      )}
    </section>
  )
}
