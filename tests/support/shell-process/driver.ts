// Loaded before out/main/index.js in the child process that runs the built shell (see
// shell-process/launch.ts). It gives the fake `electron` what a process of its own has in
// Electron — a userData folder, a working safeStorage, a single-instance lock shared between
// processes, a quit that ends the process — and answers the test's requests over the IPC channel.
import { openSync, rmSync, writeSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import type * as FakeElectron from '../fake-electron'
import type { FakeMenu } from '../fake-electron'
import { READY_CHANNEL } from '../../../src/shared/ipc/wire'
import type { DriverRequest, ShellSnapshot } from './protocol'

const electron = (await import('electron')) as unknown as typeof FakeElectron
const { app, BrowserWindow, fake, ipcMain, Notification, session, Tray } = electron

const userData = process.env.FEDIVAULT_SHELL_USER_DATA
if (!userData) throw new Error('driver: FEDIVAULT_SHELL_USER_DATA is not set')
fake.paths = {
  userData,
  appData: join(userData, '..'),
  home: process.env.FEDIVAULT_SHELL_HOME ?? join(userData, '..')
}
const key = process.env.FEDIVAULT_SHELL_SAFE_STORAGE_KEY
if (key)
  Object.assign(electron.safeStorage, electron.createFakeSafeStorage(Buffer.from(key, 'hex')))
// A Linux desktop Electron does not recognise, with a keyring running that only an explicit
// --password-store reaches (FEDIVAULT_SHELL_KEYRING names the one that is there): as on Sway.
const keyring = process.env.FEDIVAULT_SHELL_KEYRING
if (keyring !== undefined) {
  const working = electron.createFakeSafeStorage(Buffer.from(key ?? '00'.repeat(32), 'hex'))
  const bare = electron.createFakeSafeStorage()
  const chosen = () => {
    const fromArgv = process.argv.find((a) => a.startsWith('--password-store='))?.split('=')[1]
    const appended = fake.switches.find((s) => s.name === 'password-store' && s.beforeReady)
    return fromArgv ?? appended?.value
  }
  const active = () => (keyring !== '' && chosen() === keyring ? working : bare)
  Object.assign(electron.safeStorage, {
    isEncryptionAvailable: () => active().isEncryptionAvailable(),
    getSelectedStorageBackend: () => (active() === working ? 'gnome_libsecret' : 'basic_text'),
    encryptString: (plaintext: string) => active().encryptString(plaintext),
    decryptString: (ciphertext: Buffer) => active().decryptString(ciphertext)
  })
}
if (process.env.FEDIVAULT_SHELL_OPENED_AT_LOGIN === '1') fake.openedAtLogin = true

// Single instance, per userData folder as in Electron: the first process holds a lock file and
// listens on a socket; a later one reports its launch there and is told no.
let lockHeld = false
let secondInstances = 0
let notifying: Promise<void> = Promise.resolve()
const lockFile = join(userData, 'SingletonLock')
const socketPath = join(userData, 'SingletonSocket')
app.requestSingleInstanceLock = () => {
  try {
    writeSync(openSync(lockFile, 'wx'), String(process.pid))
  } catch {
    notifying = new Promise((resolve) => {
      const socket = connect(socketPath, () => socket.end(JSON.stringify(process.argv)))
      socket.on('close', () => resolve())
      socket.on('error', () => resolve())
    })
    return false
  }
  lockHeld = true
  createServer((socket) => {
    let argv = ''
    socket.on('data', (chunk) => (argv += chunk))
    socket.on('end', () => {
      secondInstances++
      app.emit('second-instance', {}, JSON.parse(argv) as string[], process.cwd())
    })
  })
    .listen(socketPath)
    .unref()
  process.on('exit', () => {
    rmSync(lockFile, { force: true })
    rmSync(socketPath, { force: true })
  })
  return true
}

// Quitting as Electron does it: before-quit, the windows close, will-quit, quit, then the
// process ends (it does not wait for work a listener started and did not finish).
let quitting = false
const emitCancellable = (name: string): boolean => {
  let prevented = false
  app.emit(name, { preventDefault: () => (prevented = true) })
  return prevented
}
app.quit = () => {
  fake.quitCalls++
  if (quitting) return
  quitting = true
  setImmediate(async () => {
    await notifying
    if (emitCancellable('before-quit')) return void (quitting = false)
    for (const win of BrowserWindow.getAllWindows()) win.close()
    if (emitCancellable('will-quit')) return void (quitting = false)
    app.emit('quit', {}, 0)
    app.exit(0)
  })
}
// Ends the process at once, as Electron's does (no before-quit, no will-quit).
app.exit = (code = 0) => {
  const exit = () => process.exit(code)
  if (process.send) process.send({ type: 'exit', snapshot: snapshot() }, exit)
  else setImmediate(exit)
}

function menuItems(menu: FakeMenu | null): ShellSnapshot['trays'][number]['menu'] {
  return (menu?.items ?? []).map((item) => ({
    id: item.id,
    type: item.type,
    label: item.label,
    checked: item.checked,
    enabled: item.enabled
  }))
}

function snapshot(): ShellSnapshot {
  const ses = session.defaultSession
  return {
    lockHeld,
    secondInstances,
    quitCalls: fake.quitCalls,
    windows: BrowserWindow.getAllWindows().map((win) => ({
      options: JSON.parse(JSON.stringify(win.options)) as Record<string, unknown>,
      url: win.webContents.getURL(),
      visible: win.isVisible(),
      calls: [...win.calls],
      webContentsId: win.webContents.id,
      windowOpenHandler: win.webContents.windowOpenHandler !== null,
      events: win.webContents.sent.map((s) => s.args[0] as { event: string; payload: unknown }),
      listeners: Object.fromEntries(
        ['will-navigate', 'will-redirect', 'will-attach-webview'].map((e) => [
          e,
          win.webContents.listenerCount(e)
        ])
      )
    })),
    ipc: { handle: [...ipcMain.handlers.keys()], on: ipcMain.eventNames().map(String) },
    session: {
      permissionRequestHandler: ses.permissionRequestHandler !== null,
      permissionCheckHandler: ses.permissionCheckHandler !== null,
      headersListener: ses.headersListener !== null
    },
    trays: Tray.instances.map((tray) => ({
      image: typeof tray.image === 'string' ? tray.image : tray.image.path,
      tooltip: tray.tooltip,
      destroyed: tray.isDestroyed(),
      menu: menuItems(tray.contextMenu)
    })),
    appEvents: app.eventNames().map(String),
    openedExternal: [...fake.openedExternal],
    notifications: Notification.instances.map((n) => ({
      title: n.title,
      body: n.body,
      shown: n.shown
    })),
    switches: [...fake.switches],
    relaunches: [...fake.relaunches],
    dockVisible: app.dock.visible
  }
}

const mainWindow = () => {
  const win = BrowserWindow.getAllWindows()[0]
  if (!win) throw new Error('driver: no window')
  return win
}

/** An IPC event as Electron builds it, from our window's main frame or from somewhere else. */
function ipcEvent(from: 'window' | 'another-webcontents' | 'navigated-frame') {
  const contents = mainWindow().webContents
  if (from === 'window') return { sender: contents, senderFrame: contents.mainFrame }
  if (from === 'another-webcontents') {
    return { sender: { id: contents.id + 1000 }, senderFrame: { url: contents.getURL() } }
  }
  return { sender: contents, senderFrame: { url: 'https://elsewhere.example/', parent: null } }
}

async function answer(request: DriverRequest): Promise<unknown> {
  switch (request.op) {
    case 'snapshot':
      return snapshot()
    case 'invoke':
      return ipcMain.invoke(request.channel, ipcEvent(request.from), request.payload)
    case 'response-headers': {
      const listener = session.defaultSession.headersListener!
      return new Promise((resolve) =>
        listener({ url: request.url, responseHeaders: {} }, (r) => resolve(r.responseHeaders))
      )
    }
    case 'permission': {
      const ses = session.defaultSession
      const requested = await new Promise<boolean>((resolve) =>
        ses.permissionRequestHandler!(mainWindow().webContents, request.permission, resolve)
      )
      return { requested, checked: ses.permissionCheckHandler!(null, request.permission) }
    }
    case 'window-open':
      return mainWindow().webContents.windowOpenHandler!({ url: request.url })
    case 'navigate':
    case 'attach-webview': {
      let prevented = false
      const event = { preventDefault: () => (prevented = true) }
      const name = request.op === 'navigate' ? 'will-navigate' : 'will-attach-webview'
      mainWindow().webContents.emit(name, event, request.url)
      return prevented
    }
    case 'tray-click': {
      const item = Tray.instances.at(-1)?.contextMenu?.getMenuItemById(request.id)
      if (!item?.click) throw new Error(`driver: no tray menu item ${request.id}`)
      item.click()
      return null
    }
    case 'renderer-ready':
      ipcMain.emit(READY_CHANNEL, ipcEvent('window'))
      return null
    case 'close-window':
      mainWindow().close()
      return null
    case 'notification-click': {
      const notification = Notification.instances[request.index]
      if (!notification) throw new Error(`driver: no notification ${request.index}`)
      notification.click()
      return null
    }
    case 'quit':
      app.quit()
      return null
  }
}

process.on('message', (message: { id: number; request: DriverRequest }) => {
  answer(message.request).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) })
  )
})
