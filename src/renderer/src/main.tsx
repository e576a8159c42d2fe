import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createIpcClient, hasWindowApi } from './lib/ipc'
import { createAppStore } from './store'
import { StoreProvider } from './store/context'
import './styles.css'

const root = createRoot(document.getElementById('root')!)

if (hasWindowApi()) {
  const store = createAppStore(createIpcClient(window.api))
  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>
  )
} else {
  // Opened outside the app (or the preload failed): say so rather than show a blank window.
  root.render(
    <main className="app">
      <h1>Fedivault</h1>
      <p role="alert">
        This page only works inside the Fedivault app. Start Fedivault and open it from there.
      </p>
    </main>
  )
}
