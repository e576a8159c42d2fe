import { useState, type FormEvent } from 'react'
import type { ImportSource } from '@shared/domain/transfer'
import { ErrorPanel } from '@renderer/components/ErrorPanel'
import { Progress } from '@renderer/components/Progress'
import { useAppStore } from '@renderer/store/context'
import { ImportReportView } from './ImportReportView'
import { PathField } from './PathField'

const HINTS: Record<ImportSource, string> = {
  toot: 'toot keeps its sign-ins in config.json, usually in ~/.config/toot/ (%APPDATA%\\toot on Windows). A folder holding it works too.',
  'mastodon.py':
    'The *.secret files your script wrote with create_app(to_file=…) and log_in(to_file=…), or the folder that holds them.'
}

/** Settings → Import accounts…: from toot or Mastodon.py, then the per-account result. */
export function ImportSection({ nativeFileDialogs }: { nativeFileDialogs: boolean }) {
  const run = useAppStore((s) => s.importRun)
  const runImport = useAppStore((s) => s.runImport)
  const choose = useAppStore((s) => s.chooseImportFiles)
  const reset = useAppStore((s) => s.resetTransfer)
  const [open, setOpen] = useState(false)
  const [source, setSource] = useState<ImportSource>('toot')
  const [paths, setPaths] = useState<string[]>([])

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (paths.length > 0) void runImport(source, paths)
  }
  const close = () => {
    setOpen(false)
    setPaths([])
    reset('import')
  }

  return (
    <section className="card" aria-labelledby="import-title" data-testid="import-accounts">
      <h2 id="import-title">Import accounts</h2>
      <p>
        Bring in accounts that toot or Mastodon.py already signed in to. Fedivault checks each one
        with its server before saving it; nothing is revoked and the files are not changed.
      </p>
      {!open ? (
        <div className="actions">
          <button type="button" onClick={() => setOpen(true)}>
            Import accounts…
          </button>
        </div>
      ) : (
        <form onSubmit={onSubmit} aria-label="Import accounts">
          <fieldset className="choices">
            <legend>Import from</legend>
            {(['toot', 'mastodon.py'] as const).map((s) => (
              <label key={s} className="choice">
                <input
                  type="radio"
                  name="import-source"
                  value={s}
                  checked={source === s}
                  onChange={() => {
                    setSource(s)
                    setPaths([])
                  }}
                />
                <span>
                  <strong>{s === 'toot' ? 'toot' : 'Mastodon.py'}</strong>
                  <span className="choice-detail">{HINTS[s]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <PathField
            nativeFileDialogs={nativeFileDialogs}
            name="import-path"
            label={source === 'toot' ? "Path to toot's config.json" : 'Path to the *.secret files'}
            chooseLabel="Choose file…"
            paths={paths}
            onPaths={setPaths}
            choose={() => choose(source)}
          />
          <div className="actions">
            <button
              type="submit"
              disabled={paths.length === 0 || run.status === 'running'}
              aria-busy={run.status === 'running' || undefined}
            >
              Import
            </button>
            <button type="button" onClick={close}>
              {run.status === 'done' ? 'Done' : 'Cancel'}
            </button>
          </div>
        </form>
      )}
      <Progress
        text={run.status === 'running' ? 'Checking each account with its server…' : null}
        testId="import-progress"
      />
      {open && run.status === 'error' && (
        <ErrorPanel error={run.error} fallbackTitle="Couldn't import" testId="import-error" />
      )}
      {open && run.status === 'done' && <ImportReportView report={run.result} />}
    </section>
  )
}
