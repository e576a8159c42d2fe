// Stand-in for the `electron` module (the binary cannot be downloaded here). It keeps state the way
// Electron does, so adapters can be exercised in Node: windows have bounds and visibility, trays
// keep their image, tooltip and menu, menus keep their items. Tests steer it through `fake` and
// start clean with `resetFakeElectron()`.
import { EventEmitter } from 'node:events'
import { existsSync } from 'node:fs'

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
  displays: [] as FakeDisplay[],
  applicationMenu: null as FakeMenu | null,
  aboutPanelOptions: undefined as Record<string, unknown> | undefined
}

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
  getPath(_name: string): string {
    return '/nonexistent'
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
    return Promise.resolve()
  }
  requestSingleInstanceLock(): boolean {
    return fake.singleInstanceLock
  }
  quit(): void {
    fake.quitCalls++
  }
  setAboutPanelOptions(options: Record<string, unknown>): void {
    fake.aboutPanelOptions = options
  }
}
export const app = new FakeApp()

export const safeStorage = {
  isEncryptionAvailable: () => false,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (_s: string): Buffer => {
    throw new Error('fake electron: safeStorage is not available in tests')
  },
  decryptString: (_b: Buffer): string => {
    throw new Error('fake electron: safeStorage is not available in tests')
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
  fake.displays = [fakeDisplay(1, { x: 0, y: 0, width: 1920, height: 1080 }, 40)]
  fake.applicationMenu = null
  fake.aboutPanelOptions = undefined
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
  BrowserWindow,
  Menu,
  Tray,
  nativeImage,
  nativeTheme,
  screen
}
