import { useEffect, useState } from 'react'

/** Copies non-secret text (a sign-in link) with the page's clipboard and says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [result, setResult] = useState<'copied' | 'failed' | null>(null)
  useEffect(() => {
    if (!result) return
    const timer = setTimeout(() => setResult(null), 4000)
    return () => clearTimeout(timer)
  }, [result])
  return (
    <>
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setResult('copied'),
            () => setResult('failed')
          )
        }}
      >
        {label}
      </button>
      <span className="copy-result" role="status">
        {result === 'copied'
          ? 'Copied.'
          : result === 'failed'
            ? 'Could not copy; select the link and copy it.'
            : ''}
      </span>
    </>
  )
}
