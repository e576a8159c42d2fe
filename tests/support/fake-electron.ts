// Stand-in for the `electron` module (the binary cannot be downloaded here). It keeps state the way
// Electron does, so adapters can be exercised in Node: windows have bounds and visibility, trays
// keep their image, tooltip and menu, menus keep their items. Tests steer it through `fake` and
// start clean with `resetFakeElectron()`.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export interface FakeRect {
  x: number
  y: number
  width: number
  height: number
}

interface FakeDisplay {
  id: number
  bounds: FakeRect
  workArea: FakeRect
  scaleFactor: number
}

/** Knobs and records for tests. */
export const fake = {
  singleInstanceLock: true,
  quitCalls: 0,
  exitCode: undefined as number | undefined,
  displays: [] as FakeDisplay[],
  applicationMenu: null as FakeMenu | null,
  aboutPanelOptions: undefined as Record<string, unknown> | undefined,
  /** What `app.getPath(name)` answers; anything not set is a path that does not exist. */
  paths: {} as Record<string, string>,
  appUserModelId: undefined as string | undefined,
  /** URLs handed to `shell.openExternal` (nothing is opened). */
  openedExternal: [] as string[],
  clipboardText: '',
  /** Every open/save dialog shown: which, whether it had a parent window, and its options. */
  dialogs: [] as Array<{
    kind: 'open' | 'save'
    parent: boolean
    options: Record<string, unknown>
  }>,
  /** What the person picks in the next dialogs, in order (paths, or null to cancel); cancel when empty. */
  dialogPicks: [] as Array<string[] | null>,
  /** Login items by executable and arguments (Windows keys its Run entries so). */
  loginItems: new Map<string, FakeLoginItem>(),
  /** macOS 13+: what `getLoginItemSettings().status` says for a registered item. */
  loginItemStatus: 'enabled' as string,
  /** macOS: this process was started by its login item. */
  openedAtLogin: false,
  /** `app.commandLine.appendSwitch` calls, and whether the app was ready yet. */
  switches: [] as Array<{ name: string; value?: string; beforeReady: boolean }>,
  ready: false,
  relaunches: [] as Array<{ args?: string[]; execPath?: string }>
}

export interface FakeLoginItem {
  path: string
  args: string[]
  openAtLogin: boolean
  openAsHidden: boolean
}

const loginItemKey = (path: string | undefined, args: readonly string[] | undefined) =>
  JSON.stringify([path ?? process.execPath, args ?? []])

class FakeApp extends EventEmitter {
  isPackaged = false
  readonly dock = {
    visible: true,
    show: async () => {
      this.dock.visible = true
    },
    hide: () => {
      this.dock.visible = false
    },
    isVisible: () => this.dock.visible
  }
  getPath(name: string): string {
    return fake.paths[name] ?? '/nonexistent'
  }
  setAppUserModelId(id: string): void {
    fake.appUserModelId = id
  }
  getAppPath(): string {
    return process.cwd()
  }
  getName(): string {
    return 'Fedivault'
  }
  getVersion(): string {
    return '0.0.0-test'
  }
  whenReady(): Promise<void> {
    return Promise.resolve().then(() => {
      fake.ready = true
    })
  }
  isReady(): boolean {
    return fake.ready
  }
  readonly commandLine = {
    appendSwitch(name: string, value?: string): void {
      fake.switches.push({
        name,
        ...(value === undefined ? {} : { value }),
        beforeReady: !fake.ready
      })
    },
    hasSwitch: (name: string) => fake.switches.some((s) => s.name === name),
    getSwitchValue: (name: string) => fake.switches.findLast((s) => s.name === name)?.value ?? ''
  }
  relaunch(options: { args?: string[]; execPath?: string } = {}): void {
    fake.relaunches.push(options)
  }
  /** As Electron answers: an item set with a path and arguments is found only by those. */
  getLoginItemSettings(options?: { path?: string; args?: string[] }) {
    const item = fake.loginItems.get(loginItemKey(options?.path, options?.args))
    return {
      openAtLogin: item?.openAtLogin ?? false,
      openAsHidden: item?.openAsHidden ?? false,
      wasOpenedAtLogin: fake.openedAtLogin,
      wasOpenedAsHidden: false,
      restoreState: false,
      status: item?.openAtLogin ? fake.loginItemStatus : 'not-registered',
      executableWillLaunchAtLogin: item?.openAtLogin ?? false,
      launchItems: []
    }
  }
  setLoginItemSettings(settings: {
    openAtLogin?: boolean
    openAsHidden?: boolean
    path?: string
    args?: string[]
  }): void {
    const key = loginItemKey(settings.path, settings.args)
    if (!settings.openAtLogin) {
      fake.loginItems.delete(key)
      return
    }
    fake.loginItems.set(key, {
      path: settings.path ?? process.execPath,
      args: [...(settings.args ?? [])],
      openAtLogin: true,
      openAsHidden: settings.openAsHidden ?? false
    })
  }
  requestSingleInstanceLock(): boolean {
    return fake.singleInstanceLock
  }
  quit(): void {
    fake.quitCalls++
  }
  exit(code = 0): void {
    fake.exitCode = code
  }
  setAboutPanelOptions(options: Record<string, unknown>): void {
    fake.aboutPanelOptions = options
  }
}
export const app = new FakeApp()

export interface FakeSafeStorage {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret'
  encryptString(plaintext: string): Buffer
  decryptString(ciphertext: Buffer): string
}

/**
 * safeStorage without a keyring (basic_text, as on a bare Linux), or, given a key, one that
 * encrypts for real (AES-256-GCM) the way a keyring-backed safeStorage would: a test can write a
 * vault with `createFakeSafeStorage(key)` and a process running the app read it back.
 */
export function createFakeSafeStorage(key?: Buffer): FakeSafeStorage {
  if (!key) {
    return {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: () => {
        throw new Error('fake electron: safeStorage is not available in tests')
      },
      decryptString: () => {
        throw new Error('fake electron: safeStorage is not available in tests')
      }
    }
  }
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plaintext) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(ciphertext) {
      const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, 12))
      decipher.setAuthTag(ciphertext.subarray(12, 28))
      return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]).toString(
        'utf8'
      )
    }
  }
}

export const safeStorage: FakeSafeStorage = createFakeSafeStorage()

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void
) => void
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void
) => void

/** `session.defaultSession`: keeps the handlers the app installs so tests can call them. */
export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler | null,
    permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
    headersListener: null as HeadersListener | null,
    setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
      this.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
      this.permissionCheckHandler = handler
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener | null): void {
        session.defaultSession.headersListener = listener
      }
    }
  }
}

export const shell = {
  async openExternal(url: string): Promise<void> {
    fake.openedExternal.push(url)
  }
}

/** Called as Electron allows: `(window, options)` or `(options)`. */
function shownDialog(kind: 'open' | 'save', args: unknown[]): string[] | null {
  const parent = args.length > 1
  fake.dialogs.push({ kind, parent, options: args.at(-1) as Record<string, unknown> })
  return fake.dialogPicks.shift() ?? null
}

/** No person to pick a file under test: a dialog is cancelled unless a test queued a pick. */
export const dialog = {
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    const picked = shownDialog('open', args)
    return picked ? { canceled: false, filePaths: picked } : { canceled: true, filePaths: [] }
  },
  async showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> {
    const picked = shownDialog('save', args)
    return picked ? { canceled: false, filePath: picked[0] } : { canceled: true, filePath: '' }
  }
}

export const clipboard = {
  writeText(text: string): void {
    fake.clipboardText = text
  },
  readText(): string {
    return fake.clipboardText
  }
}

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown

/** `ipcMain`: `on` listeners are plain events; `handle` keeps one handler per channel, as Electron does. */
class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>()
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`)
    }
    this.handlers.set(channel, handler)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** What a renderer's `ipcRenderer.invoke` reaches. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, ...args)
  }
}
export const ipcMain = new FakeIpcMain()

let nextWebContentsId = 1

/** A window's page: the frame it shows, what it was sent, and the handlers the app set on it. */
export class FakeWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly mainFrame = { url: '', parent: null }
  readonly sent: Array<{ channel: string; args: unknown[] }> = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  getURL(): string {
    return this.mainFrame.url
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
}

export class BrowserWindow extends EventEmitter {
  static #all: BrowserWindow[] = []
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.#all.filter((w) => !w.isDestroyed())
  }
  static reset(): void {
    BrowserWindow.#all = []
  }

  readonly options: Record<string, unknown>
  readonly calls: string[] = []
  readonly webContents = new FakeWebContents()
  #bounds: FakeRect
  #normalBounds: FakeRect
  #visible: boolean
  #minimized = false
  #maximized = false
  #fullScreen = false
  #destroyed = false

  constructor(options: Record<string, unknown> = {}) {
    super()
    this.options = options
    const width = (options.width as number | undefined) ?? 800
    const height = (options.height as number | undefined) ?? 600
    this.#bounds = {
      x: (options.x as number | undefined) ?? 100,
      y: (options.y as number | undefined) ?? 100,
      width,
      height
    }
    this.#normalBounds = { ...this.#bounds }
    this.#visible = options.show !== false
    BrowserWindow.#all.push(this)
    app.emit('web-contents-created', {}, this.webContents)
  }

  /** Like Electron: the page loads, then the window is ready to show. */
  async loadFile(path: string): Promise<void> {
    this.#load(pathToFileURL(path).href)
  }
  async loadURL(url: string): Promise<void> {
    this.#load(url)
  }
  #load(url: string): void {
    this.calls.push(`load:${url}`)
    this.webContents.mainFrame.url = url
    setImmediate(() => {
      if (!this.#destroyed) this.emit('ready-to-show')
    })
  }

  isDestroyed(): boolean {
    return this.#destroyed
  }
  isVisible(): boolean {
    return this.#visible && !this.#minimized
  }
  isMinimized(): boolean {
    return this.#minimized
  }
  isMaximized(): boolean {
    return this.#maximized
  }
  isFullScreen(): boolean {
    return this.#fullScreen
  }
  getBounds(): FakeRect {
    return { ...this.#bounds }
  }
  getNormalBounds(): FakeRect {
    return { ...(this.#maximized || this.#fullScreen ? this.#normalBounds : this.#bounds) }
  }
  setBounds(bounds: Partial<FakeRect>): void {
    const moved = bounds.x !== undefined || bounds.y !== undefined
    const resized = bounds.width !== undefined || bounds.height !== undefined
    this.#bounds = { ...this.#bounds, ...bounds }
    if (!this.#maximized && !this.#fullScreen) this.#normalBounds = { ...this.#bounds }
    if (moved) this.emit('move')
    if (resized) this.emit('resize')
  }
  show(): void {
    this.calls.push('show')
    const wasVisible = this.isVisible()
    this.#visible = true
    this.#minimized = false
    if (!wasVisible) this.emit('show')
  }
  hide(): void {
    this.calls.push('hide')
    const wasVisible = this.#visible
    this.#visible = false
    if (wasVisible) this.emit('hide')
  }
  focus(): void {
    this.calls.push('focus')
    this.emit('focus')
  }
  minimize(): void {
    this.calls.push('minimize')
    this.#minimized = true
    this.emit('minimize')
  }
  restore(): void {
    this.calls.push('restore')
    this.#minimized = false
    this.#visible = true
    this.emit('restore')
  }
  maximize(): void {
    this.calls.push('maximize')
    this.#normalBounds = { ...this.#bounds }
    this.#maximized = true
    this.#bounds = { x: 0, y: 0, width: 1920, height: 1080 }
    this.emit('maximize')
  }
  unmaximize(): void {
    this.#maximized = false
    this.#bounds = { ...this.#normalBounds }
    this.emit('unmaximize')
  }
  setFullScreen(flag: boolean): void {
    this.calls.push(`setFullScreen:${flag}`)
    if (flag === this.#fullScreen) return
    if (flag) this.#normalBounds = { ...this.#bounds }
    this.#fullScreen = flag
    this.emit(flag ? 'enter-full-screen' : 'leave-full-screen')
  }
  /** Like Electron: `close` can be cancelled with preventDefault(); otherwise the window goes. */
  close(): void {
    if (this.#destroyed) return
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (!prevented) this.destroy()
  }
  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.#visible = false
    this.emit('closed')
  }
}

export class FakeNativeImage {
  #template = false
  constructor(
    readonly path: string,
    readonly size: { width: number; height: number },
    readonly empty: boolean
  ) {}
  isEmpty(): boolean {
    return this.empty
  }
  getSize(): { width: number; height: number } {
    return { ...this.size }
  }
  resize(options: { width?: number; height?: number }): FakeNativeImage {
    const width = options.width ?? options.height ?? this.size.width
    const height = options.height ?? options.width ?? this.size.height
    return new FakeNativeImage(this.path, { width, height }, this.empty)
  }
  setTemplateImage(flag: boolean): void {
    this.#template = flag
  }
  isTemplateImage(): boolean {
    return this.#template
  }
}

export const nativeImage = {
  createFromPath(path: string): FakeNativeImage {
    const exists = path !== '' && existsSync(path)
    const image = new FakeNativeImage(
      path,
      exists ? { width: 16, height: 16 } : { width: 0, height: 0 },
      !exists
    )
    // Electron marks files whose name ends in "Template" as template images.
    if (/Template(@\dx)?\.png$/.test(path)) image.setTemplateImage(true)
    return image
  },
  createEmpty(): FakeNativeImage {
    return new FakeNativeImage('', { width: 0, height: 0 }, true)
  }
}

export interface FakeMenuItem {
  id?: string
  label?: string
  type?: string
  role?: string
  accelerator?: string
  checked?: boolean
  enabled?: boolean
  icon?: FakeNativeImage
  click?: () => void
  submenu?: FakeMenu
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}
  getMenuItemById(id: string): FakeMenuItem | null {
    for (const item of this.items) {
      if (item.id === id) return item
      const inner = item.submenu?.getMenuItemById(id)
      if (inner) return inner
    }
    return null
  }
}

type Template = Array<Omit<FakeMenuItem, 'submenu'> & { submenu?: Template | FakeMenu }>

export const Menu = {
  buildFromTemplate(template: Template): FakeMenu {
    return new FakeMenu(
      template.map(({ submenu, ...item }) => ({
        ...item,
        submenu: submenu instanceof FakeMenu || !submenu ? submenu : Menu.buildFromTemplate(submenu)
      }))
    )
  },
  setApplicationMenu(menu: FakeMenu | null): void {
    fake.applicationMenu = menu
  },
  getApplicationMenu(): FakeMenu | null {
    return fake.applicationMenu
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = []
  image: FakeNativeImage | string
  tooltip = ''
  contextMenu: FakeMenu | null = null
  #destroyed = false

  constructor(image: FakeNativeImage | string) {
    super()
    this.image = image
    Tray.instances.push(this)
  }
  setImage(image: FakeNativeImage | string): void {
    this.image = image
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu
  }
  destroy(): void {
    this.#destroyed = true
  }
  isDestroyed(): boolean {
    return this.#destroyed
  }
}

/** A native notification: shown ones are kept, in order, so a test can read and click them. */
export class Notification extends EventEmitter {
  static instances: Notification[] = []
  static supported = true
  static isSupported(): boolean {
    return Notification.supported
  }
  shown = false
  closed = false
  constructor(readonly options: { title?: string; body?: string; silent?: boolean } = {}) {
    super()
    Notification.instances.push(this)
  }
  get title(): string {
    return this.options.title ?? ''
  }
  get body(): string {
    return this.options.body ?? ''
  }
  show(): void {
    this.shown = true
    this.emit('show')
  }
  close(): void {
    this.closed = true
    this.emit('close')
  }
  /** What a click on it in the system's notification centre does. */
  click(): void {
    this.emit('click')
  }
}

class FakeNativeTheme extends EventEmitter {
  shouldUseDarkColors = false
  shouldUseDarkColorsForSystemIntegratedUI = true
}
export const nativeTheme = new FakeNativeTheme()

export const screen = {
  getAllDisplays: (): FakeDisplay[] => fake.displays.map((d) => ({ ...d })),
  getPrimaryDisplay: (): FakeDisplay => {
    const primary = fake.displays[0]
    if (!primary) throw new Error('fake electron: no displays configured')
    return { ...primary }
  }
}

export function fakeDisplay(id: number, bounds: FakeRect, menuBar = 0): FakeDisplay {
  return {
    id,
    bounds,
    workArea: { ...bounds, y: bounds.y + menuBar, height: bounds.height - menuBar },
    scaleFactor: 1
  }
}

/** Back to a fresh process: one 1920×1080 display, lock available, no windows, trays or menus. */
export function resetFakeElectron(): void {
  fake.singleInstanceLock = true
  fake.quitCalls = 0
  fake.exitCode = undefined
  fake.displays = [fakeDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 }, 40)]
  fake.applicationMenu = null
  fake.aboutPanelOptions = undefined
  fake.paths = {}
  fake.appUserModelId = undefined
  fake.openedExternal = []
  fake.clipboardText = ''
  fake.dialogs = []
  fake.dialogPicks = []
  fake.loginItems = new Map()
  fake.loginItemStatus = 'enabled'
  fake.openedAtLogin = false
  fake.switches = []
  fake.ready = false
  fake.relaunches = []
  Notification.instances = []
  Notification.supported = true
  Object.assign(safeStorage, createFakeSafeStorage())
  session.defaultSession.permissionRequestHandler = null
  session.defaultSession.permissionCheckHandler = null
  session.defaultSession.headersListener = null
  ipcMain.removeAllListeners()
  ipcMain.handlers.clear()
  app.removeAllListeners()
  app.isPackaged = false
  app.dock.visible = true
  nativeTheme.removeAllListeners()
  nativeTheme.shouldUseDarkColors = false
  nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = true
  BrowserWindow.reset()
  Tray.instances = []
}
resetFakeElectron()

export default {
  app,
  safeStorage,
  session,
  shell,
  dialog,
  clipboard,
  ipcMain,
  BrowserWindow,
  Menu,
  Tray,
  Notification,
  nativeImage,
  nativeTheme,
  screen
}
