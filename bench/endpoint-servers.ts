// The servers that bench:endpoint puts under load, in a process of their own so that neither the
// load generator nor the bench's bookkeeping shares their event loop. Profile them with
// `BENCH_CPU_PROF=<dir> npm run bench:endpoint` (node --cpu-prof on this process only).
//
// `GET /v1/token` goes through what the app wires up: a real vault on disk (1,000 accounts, tokens
// sealed with the test key file) behind vaultAccountSource. The bare node:http server answers the
// same body with nothing in between: the ceiling for Node on this machine.
import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { vaultAccountSource } from '../src/main/composition/script-access-ports'
import { RingAuditLog } from '../src/main/endpoint/audit-log'
import { tokenJson } from '../src/main/endpoint/responses'
import { ScriptAccessService } from '../src/main/endpoint/service'
import { AccountVault } from '../src/main/vault/account-vault'
import { openNodeDocumentStore } from '../src/main/vault/storage/conf-document-store'
import { writeLargeStore } from './vault-load'
import { FileKeyCipher } from '../src/harness/file-key-cipher'
import { MemorySettingsStore } from '../tests/support/endpoint-doubles'

/**
 * A Mastodon-style token that does not expire, like most accounts have; with BENCH_TOKEN=expiring,
 * one that expires in a day and has a refresh token (Pleroma, Akkoma, Pixelfed).
 */
const expiring = process.env.BENCH_TOKEN === 'expiring'
export const benchAccount = expiring ? 'user4@i4.bench.example' : 'user1@i1.bench.example'

export interface BenchServers {
  barePort: number
  port: number
  secret: string
  dataDir: string
}

const dataDir = mkdtempSync(join(tmpdir(), 'fedivault-bench-endpoint-'))
writeLargeStore(dataDir)
const vault = AccountVault.open({
  store: openNodeDocumentStore(dataDir),
  cipher: new FileKeyCipher(dataDir),
  server: {
    verifyCredentials: async () => ({}),
    revokeToken: async () => undefined,
    refreshToken: async () => {
      throw new Error('the endpoint benchmark makes no server calls')
    }
  }
})
vault.switch(benchAccount)
const service = new ScriptAccessService({
  accounts: vaultAccountSource(vault),
  settings: new MemorySettingsStore(),
  audit: new RingAuditLog(),
  dataDir,
  version: 'bench'
})
const { port } = await service.start()

const grant = await vault.getAccessToken()
if ((grant.expiresAt !== null) !== expiring) throw new Error(`${benchAccount}: unexpected expiry`)
// The very body the endpoint answers, so both servers send the same bytes.
const body = tokenJson(grant)
const bare = http.createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
})
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))

const ready: BenchServers = {
  barePort: (bare.address() as AddressInfo).port,
  port: port!,
  secret: service.secret()!,
  dataDir
}
process.stdout.write(JSON.stringify(ready) + '\n')

// The bench reads this process's CPU time around each run. CPU time per request hardly moves when
// other work shares the machine, unlike requests per second, so it shows where the cost is.
process.on('message', () => process.send!(process.cpuUsage()))

// The parent asks us to stop; a normal exit is also what makes --cpu-prof write its profile.
process.once('SIGTERM', () => {
  void service.shutdown().then(() => {
    bare.close()
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  })
})
