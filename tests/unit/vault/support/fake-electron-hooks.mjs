// Module hooks for child processes that run real Electron adapters (electron-store) in plain Node:
// `electron` resolves to the same fake the vitest setup uses, everything else is untouched.
const fake = new URL('../../../support/fake-electron.ts', import.meta.url).href

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: fake, shortCircuit: true }
  return next(specifier, context)
}
