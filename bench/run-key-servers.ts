// The two servers the run-key rows of `npm run bench:endpoint` measure, each in a process of its own (pinned by the
// bench with taskset): `sim` is the fediverse simulator with alice signed in; `endpoint SIM_URL
// TOKEN` is the script endpoint with alice's account at that simulator. Each prints one JSON line
// when ready and stops on SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RingAuditLog } from '../src/main/endpoint/audit-log'
import { ScriptAccessService } from '../src/main/endpoint/service'
import { ScriptKeyRegistry } from '../src/main/script-keys'
import { startSimulator } from '../tests/sim'
import { MemoryAccountSource, MemorySettingsStore } from '../tests/support/endpoint-doubles'
import { memoryKeyStorage } from '../tests/support/memory-key-storage'
import { account } from '../tests/unit/endpoint/fixtures'
import { signInAlice } from '../tests/unit/endpoint/sim-sign-in'

const [role, simUrl, token] = process.argv.slice(2)
let stop: () => Promise<void>

if (role === 'sim') {
  const sim = await startSimulator({ personality: 'mastodon-4.6' })
  const realToken = await signInAlice(sim)
  process.stdout.write(`${JSON.stringify({ url: sim.url, host: sim.host, token: realToken })}\n`)
  stop = () => sim.close()
} else if (role === 'endpoint' && simUrl && token) {
  const handle = `alice@${new URL(simUrl).host}`
  const dataDir = mkdtempSync(join(tmpdir(), 'fedivault-bench-run-key-'))
  const service = new ScriptAccessService({
    accounts: new MemoryAccountSource([account(handle, { active: true, apiBaseUrl: simUrl })], {
      [handle]: {
        accessToken: token,
        tokenType: 'Bearer',
        scopes: ['read', 'write'],
        expiresAt: null
      }
    }),
    keys: new ScriptKeyRegistry(memoryKeyStorage()),
    settings: new MemorySettingsStore(),
    audit: new RingAuditLog(),
    dataDir,
    version: 'bench'
  })
  const { port } = await service.start()
  process.stdout.write(`${JSON.stringify({ port, secret: service.secret(), dataDir })}\n`)
  stop = async () => {
    await service.shutdown()
    rmSync(dataDir, { recursive: true, force: true })
  }
} else {
  throw new Error('usage: run-key-servers.ts sim | endpoint SIM_URL TOKEN')
}

// The bench reads this process's CPU time around each run (see endpoint-servers.ts).
process.on('message', () => process.send!(process.cpuUsage()))
process.once('SIGTERM', () => void stop().then(() => process.exit(0)))
