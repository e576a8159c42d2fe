// Module resolution hooks for running the built main process under Node: `electron` resolves to
// the fake (tests/support/fake-electron.ts); everything else resolves as usual. Registered by
// register.mjs; runs on Node's hooks thread, hence plain JavaScript.
let fakeUrl = ''

export function initialize(data) {
  fakeUrl = data.fakeUrl
}

export async function resolve(specifier, context, nextResolve) {
  // Handed on rather than answered here, so tsx's resolver marks the file as TypeScript.
  return nextResolve(specifier === 'electron' ? fakeUrl : specifier, context)
}
