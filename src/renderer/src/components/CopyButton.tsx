import { useEffect, useState } from 'react'

/**
 * Copies text with the page's clipboard and says whether it worked: a sign-in link, or a new script
 * key that this page is showing once anyway.
 */
export function CopyButton({
  text,
  label,
  failedText = 'Could not copy; select the link and copy it.'
}: {
  text: string
  label: string
  failedText?: string
}) {
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
        {result === 'copied' ? 'Copied.' : result === 'failed' ? failedText : ''}
      </span>
    </>
  )
}
