// Child process for crash-safety.test.ts: performs vault writes from `start` on, printing
// `done <n>` after each one has returned (so is complete), until the parent kills it.
import { writeSync } from 'node:fs'
import { AccountVault, openNodeDocumentStore } from '../../../../src/main/vault'
import { crashWrite } from './crash-plan'
import { FileKeyCipher } from '../../../../src/harness/file-key-cipher'

const [dir, startText] = process.argv.slice(2)
if (!dir || !startText) throw new Error('usage: crash-writer <dir> <start>')

const vault = AccountVault.open({
  store: openNodeDocumentStore(dir),
  cipher: new FileKeyCipher(dir),
  // Each write adds a new account or renames one; a re-run write may supersede a token.
  server: {
    verifyCredentials: async () => ({}),
    revokeToken: async () => undefined,
    refreshToken: async () => {
      throw new Error('not used')
    }
  }
})

for (let n = Number(startText); ; n++) {
  await crashWrite(vault, n)
  writeSync(1, `done ${n}\n`)
}
