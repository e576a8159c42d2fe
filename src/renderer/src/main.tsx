import { StrictMode, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { AppInfo } from '../../shared/ipc/contract'

function App() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  useEffect(() => {
    void window.api.app.info().then((r) => r.ok && setInfo(r.data))
    window.api.ready()
  }, [])
  return (
    <main>
      <h1>Fedivault</h1>
      <p data-testid="version">{info ? `Version ${info.version}` : 'Loading…'}</p>
    </main>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
