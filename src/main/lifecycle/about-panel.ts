/** Electron's AboutPanelOptionsOptions, the fields we fill. */
export interface AboutPanelOptions {
  applicationName: string
  applicationVersion: string
  copyright: string
  credits?: string
  authors?: string[]
  website?: string
  iconPath?: string
}

export interface AboutInput {
  appName: string
  version: string
  platform: NodeJS.Platform
  /** PNG shown by the Linux and Windows panels; macOS uses the bundle icon. */
  iconPath?: string
  year: number
}

/** The About panel (macOS, Linux, Windows) with the running version. */
export function aboutPanelOptions(input: AboutInput): AboutPanelOptions {
  const options: AboutPanelOptions = {
    applicationName: input.appName,
    applicationVersion: input.version,
    copyright: `© ${input.year} Fedivault contributors. MIT licence.`,
    credits:
      'Sign in to Mastodon-compatible servers, switch accounts, hand tokens to scripts safely.'
  }
  if (input.platform !== 'darwin' && input.iconPath) options.iconPath = input.iconPath
  if (input.platform === 'linux') options.authors = ['Fedivault contributors']
  return options
}
