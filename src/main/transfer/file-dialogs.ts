/** The desktop shell's open/save dialogs (Electron's `dialog`); the harness has none. */
export interface FileDialogs {
  openFiles(o: {
    title: string
    defaultPath?: string
    multiple: boolean
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string[]>
  saveFile(o: {
    title: string
    defaultPath?: string
    filters: Array<{ name: string; extensions: string[] }>
  }): Promise<string | null>
}
