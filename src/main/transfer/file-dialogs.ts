/** The desktop shell's open/save dialogs (Electron's `dialog`); the harness has none. */
export interface FileDialogs {
  openFiles(request: {
    title: string
    defaultPath?: string
    multiple: boolean
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string[]>
  saveFile(request: {
    title: string
    defaultPath?: string
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string | null>
}
