// `node --import tsx --import <this file> --import <driver> out/main/index.js`: the shipped
// bundle imports `electron` by name, and module.register (Node 20.6+) is how a test swaps it for
// the fake without touching the bundle. tsx, registered first, loads the fake's TypeScript.
import { register } from 'node:module'

register('./electron-hooks.mjs', import.meta.url, {
  data: { fakeUrl: new URL('../fake-electron.ts', import.meta.url).href }
})
