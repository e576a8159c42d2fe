import { useId } from 'react'

/**
 * Where a file is: a typed path in the browser harness (it has no file dialog), the desktop
 * shell's picker otherwise. `paths` is what was chosen or typed.
 */
export function PathField({
  nativeFileDialogs,
  label,
  hint,
  chooseLabel,
  paths,
  onPaths,
  choose,
  name
}: {
  nativeFileDialogs: boolean
  label: string
  hint?: string
  chooseLabel: string
  paths: string[]
  onPaths(paths: string[]): void
  choose(): Promise<string[]>
  name: string
}) {
  const id = useId()
  const hintId = useId()
  if (!nativeFileDialogs) {
    return (
      <>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p id={hintId} className="hint">
            {hint}
          </p>
        )}
        <input
          id={id}
          name={name}
          type="text"
          spellCheck={false}
          autoCapitalize="none"
          required
          aria-describedby={hint ? hintId : undefined}
          value={paths[0] ?? ''}
          onChange={(e) => onPaths(e.target.value.trim() === '' ? [] : [e.target.value])}
        />
      </>
    )
  }
  return (
    <div className="inline-field">
      <button type="button" onClick={() => void choose().then((p) => p.length > 0 && onPaths(p))}>
        {chooseLabel}
      </button>
      <span className="hint" aria-live="polite">
        {paths.length === 0 ? 'No file chosen.' : paths.join(', ')}
      </span>
    </div>
  )
}
