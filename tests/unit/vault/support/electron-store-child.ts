// Runs the real electron-store adapter (with the fake `electron` module) outside vitest, which
// cannot substitute `electron` inside a dependency. Adds one account; `read` only lists, `rename` relabels it,
// `no-dir` tries the default directory.
import { openElectronDocumentStore } from '../../../../src/main/platform/electron-document-store'
import { AccountVault } from '../../../../src/main/vault'
import { signIn } from './fixtures'
import { ScriptedServer } from './scripted-server'
import { FileKeyCipher } from '../../../../src/harness/file-key-cipher'

const [dir, action] = process.argv.slice(2)
if (!dir) throw new Error('usage: electron-store-child <dir> [rename]')
const server = new ScriptedServer()
const store = action === 'no-dir' ? openElectronDocumentStore() : openElectronDocumentStore(dir)
const vault = AccountVault.open({ store, cipher: new FileKeyCipher(dir), server })
if (action === 'rename') vault.rename('alice@a.example', 'from electron-store')
else if (action !== 'read') await vault.add(signIn(server, 'alice', 'a.example'))
console.log(JSON.stringify(vault.list()))
