import type { StateCreator } from 'zustand/vanilla'
import type { AccountProfile, AccountSummary } from '@shared/domain/account'
import type { InstanceInfoDto } from '@shared/domain/instance'
import type { AuditEntry, PasswordStore, SettingsDto, Theme } from '@shared/domain/settings'
import type { CreatedScriptKey, ScriptKeySpec, ScriptKeySummary } from '@shared/domain/script-keys'
import type { AppInfo, BrowserFlow, SignInProgress } from '@shared/ipc/contract'
import type { UiError } from '../lib/errors'
import type { TransferSlice } from './slices/transfer'

/** Async work the UI shows: nothing yet, running, done, or failed with a reason. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

export type View = 'accounts' | 'onboarding' | 'settings'

/** The parts of Settings, in its left navigation. */
export type SettingsSection = 'general' | 'security' | 'scripts' | 'transfer'

export interface AppSlice {
  view: View
  info: AppInfo | null
  bootStatus: LoadStatus
  bootError: UiError | null
  navigate(view: View): void
  /**
   * An account row asked to take the focus (a notification's "sign in again": main sends the
   * window to that account); the row focuses its "Sign in again" and clears it.
   */
  focusRequest: { accountId: string; action: 'reauth' } | null
  clearFocusRequest(): void
  settingsSection: SettingsSection
  /** Settings, opened on one of its sections. */
  showSettings(section: SettingsSection): void
  /** Loads everything the first screen needs and subscribes to main's events; returns the unsubscriber. */
  boot(): () => void
}

export type AccountAction = 'switch' | 'reverify' | 'rename' | 'reorder' | 'remove'

export interface AccountsSlice {
  /** Always sorted by `position`. */
  accounts: AccountSummary[]
  activeAccountId: string | null
  accountsStatus: LoadStatus
  accountsError: UiError | null
  /** Which action is running on which account, so its row can show progress and disable buttons. */
  accountBusy: Record<string, AccountAction>
  /** Why the server refused to revoke, per account kept in pending removal. */
  removalReasons: Record<string, string>
  /**
   * Accounts removed here whose token still works on their server (Misskey family: an app cannot
   * revoke its own token); shown until the person dismisses them.
   */
  revokeOnServer: RevokeOnServerReminder[]
  dismissRevokeOnServer(accountId: string): void
  loadAccounts(): Promise<void>
  applyAccountsState(state: { accounts: AccountSummary[]; activeAccountId: string | null }): void
  switchAccount(id: string): Promise<void>
  reverifyAccount(id?: string): Promise<void>
  renameAccount(id: string, label: string): Promise<boolean>
  moveAccount(id: string, delta: -1 | 1): Promise<void>
  /** Moves an account to a place in the list (drag and drop). */
  moveAccountTo(id: string, index: number): Promise<void>
  /** Resolves true when the account is gone, false when it was kept (pending removal). */
  removeAccount(id: string, options?: { force?: boolean }): Promise<boolean>
}

export interface RevokeOnServerReminder {
  accountId: string
  handle: string
  domain: string
  /** The server's "Connected apps" page (https://HOST/settings/apps). */
  url: string
  /** Main's own words for what became of the token. */
  message: string
}

export type OnboardingStep = 'instance' | 'browser-wait' | 'password' | 'verified'
export type SignInMethod = 'browser' | 'password'
export type OnboardingBusy =
  | 'discovering'
  | 'starting-browser'
  | 'waiting-for-browser'
  | 'submitting-code'
  | 'signing-in'
  | 'activating'

export interface OnboardingState {
  step: OnboardingStep
  input: string
  instance: InstanceInfoDto | null
  method: SignInMethod
  busy: OnboardingBusy | null
  progress: SignInProgress | null
  flow: BrowserFlow | null
  /** Whether main managed to open the system browser (null until it tried). */
  browserOpened: boolean | null
  manualEntry: boolean
  error: UiError | null
  profile: AccountProfile | null
  /** Set when signing an existing account in again; its handle prefills the username. */
  reauth: { accountId: string; username: string } | null
  /**
   * The account that was active before this sign-in was saved (null when there was none, or it
   * was this one): what "Make this the active account" goes back to when unticked.
   */
  previousActiveId: string | null
}

export interface OnboardingSlice {
  onboarding: OnboardingState
  setInstanceInput(input: string): void
  discoverInstance(): Promise<void>
  chooseMethod(method: SignInMethod): void
  /** instance → browser-wait or password, with the chosen method, once discovery found a server. */
  startSignIn(): Promise<void>
  openBrowserAgain(): Promise<void>
  showManualEntry(): void
  submitCode(code: string): Promise<void>
  cancelBrowserSignIn(): Promise<void>
  /** The password is an argument only: it is sent and forgotten, never written to the store. */
  submitPassword(username: string, password: string): Promise<void>
  applyProgress(progress: SignInProgress): void
  back(): Promise<void>
  restartOnboarding(input?: string): void
  signInAgain(account: AccountSummary): Promise<void>
  /** The Done step's "Make this the active account": switches to it, or back to the one before. */
  setNewAccountActive(active: boolean): Promise<void>
  finishOnboarding(): void
}

export interface SettingsSlice {
  settings: SettingsDto | null
  settingsStatus: LoadStatus
  settingsError: UiError | null
  settingsBusy: 'scriptAccess' | 'update' | 'copySecret' | 'desktop' | null
  auditLog: AuditEntry[] | null
  auditStatus: LoadStatus
  auditError: UiError | null
  loadSettings(): Promise<void>
  applySettings(settings: SettingsDto): void
  updateSettings(patch: {
    closeToTray?: boolean
    allowPlaintextSecrets?: boolean
    theme?: Theme
  }): Promise<void>
  setScriptAccess(enabled: boolean): Promise<void>
  /** The window's theme: shown at once, saved by main. */
  setTheme(theme: Theme): Promise<void>
  copyScriptSecret(): Promise<void>
  /** `quiet`: a background refresh, without the loading line. */
  loadAuditLog(options?: { quiet?: boolean }): Promise<void>
  /** The desktop shell's settings: start at login, notifications, the Linux keyring. */
  setStartAtLogin(openAtLogin: boolean): Promise<void>
  setNotifications(enabled: boolean): Promise<void>
  chooseKeyring(backend: PasswordStore | null): Promise<void>
  restartApp(): Promise<void>
}

export interface ScriptKeysSlice {
  scriptKeys: ScriptKeySummary[] | null
  scriptKeysStatus: LoadStatus
  scriptKeysError: UiError | null
  /** `create`, or `revoke:<id>` for the key being revoked. */
  scriptKeyBusy: string | null
  /** `quiet`: a background refresh, without the loading line. */
  loadScriptKeys(options?: { quiet?: boolean }): Promise<void>
  /** Resolves with the new key (shown once by the caller, never stored here), or null on failure. */
  createScriptKey(spec: ScriptKeySpec): Promise<CreatedScriptKey | null>
  revokeScriptKey(id: string): Promise<void>
}

export type NoticeLevel = 'info' | 'warning' | 'error'

export interface UiNotice {
  id: number
  level: NoticeLevel
  message: string
  code?: string
}

export interface NoticesSlice {
  notices: UiNotice[]
  pushNotice(notice: Omit<UiNotice, 'id'>): number
  dismissNotice(id: number): void
}

export type AppState = AppSlice &
  AccountsSlice &
  OnboardingSlice &
  SettingsSlice &
  ScriptKeysSlice &
  NoticesSlice &
  TransferSlice

export type SliceCreator<S> = StateCreator<AppState, [], [], S>
