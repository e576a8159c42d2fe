import { dialog, type BrowserWindow } from 'electron'
import type { FileDialogs } from '../transfer/file-dialogs'

/** Electron's open/save dialogs, attached to the window when there is one. */
export function electronFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async openFiles(request) {
      const options: Electron.OpenDialogOptions = {
        title: request.title,
        defaultPath: request.defaultPath,
        filters: request.filters,
        properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile']
      }
      const win = window()
      const result = win
        ? await dialog.showOpenDialog(win, options)
        : await dialog.showOpenDialog(options)
      return result.canceled ? [] : result.filePaths
    },
    async saveFile(request) {
      const options: Electron.SaveDialogOptions = {
        title: request.title,
        defaultPath: request.defaultPath,
        filters: request.filters
      }
      const win = window()
      const result = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      return result.canceled || !result.filePath ? null : result.filePath
    }
  }
}
