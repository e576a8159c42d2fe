import { vi } from 'vitest'

// The real `electron` module is a path to a binary this machine cannot download; any test that
// reaches it gets the fake instead.
vi.mock('electron', () => import('./fake-electron'))
