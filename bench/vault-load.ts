// Part 1 of bench:vault: open a 1,000-account store and decrypt every token.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  type AccountRecord,
  AccountVault,
  emptyDocument,
  openNodeDocumentStore,
  sealSecret,
  vaultStorePath
} from '../src/main/vault'
import { FileKeyCipher } from '../src/harness/file-key-cipher'

const ACCOUNTS = 1_000
const LOAD_RUNS = 10
const LOAD_TARGET_MS = 50

const noServer = {
  verifyCredentials: async () => ({}),
  revokeToken: async () => undefined,
  refreshToken: async () => {
    throw new Error('the load benchmark makes no server calls')
  }
}

/** A store as a heavy user would have it: 1,000 accounts over 50 instances, full snapshots. */
export function writeLargeStore(dir: string): void {
  const cipher = new FileKeyCipher(dir)
  const policy = { cipher, allowPlaintext: false }
  const doc = emptyDocument()
  for (let h = 0; h < 50; h++) {
    doc.instances[`i${h}.bench.example`] = {
      apiBaseUrl: `https://i${h}.bench.example`,
      software: 'mastodon',
      version: '4.3.0',
      capabilities: {
        browserSignIn: true,
        pkce: true,
        passwordGrant: 'no',
        maxStatusLen: 500,
        maxAttachments: 4
      },
      discoveredAt: Date.now(),
      apps: {
        [`client-${h}`]: {
          clientId: `client-${h}`,
          clientSecret: sealSecret(`secret-${h}`, policy),
          redirectUris: ['http://127.0.0.1/callback'],
          scopes: ['read', 'write', 'profile'],
          registeredAt: Date.now()
        }
      },
      currentClientId: `client-${h}`
    }
  }
  for (let i = 0; i < ACCOUNTS; i++) {
    const host = `i${i % 50}.bench.example`
    const id = `user${i}@${host}`
    const record: AccountRecord = {
      id,
      username: `user${i}`,
      domain: host,
      apiBaseUrl: `https://${host}`,
      instanceHost: host,
      profile: {
        remoteId: String(100_000 + i),
        displayName: `User number ${i} :blobcat:`,
        url: `https://${host}/@user${i}`,
        avatar: `https://${host}/system/accounts/avatars/${i}/original/avatar.png`,
        header: `https://${host}/system/accounts/headers/${i}/original/header.png`,
        note: `<p>Bio of user ${i}. ${'Lorem ipsum dolor sit amet. '.repeat(4)}</p>`,
        fields: [
          {
            name: 'Website',
            value: `<a href="https://example.com/${i}">example.com</a>`,
            verifiedAt: null
          },
          { name: 'Pronouns', value: 'they/them', verifiedAt: null }
        ],
        emojis: [
          {
            shortcode: 'blobcat',
            url: `https://${host}/emoji/blobcat.png`,
            staticUrl: `https://${host}/emoji/blobcat_s.png`
          }
        ],
        followersCount: i * 3,
        followingCount: i * 2,
        statusesCount: i * 10,
        bot: false,
        locked: i % 10 === 0
      },
      scopes: ['read', 'write', 'follow'],
      token: {
        tokenType: 'Bearer',
        accessToken: sealSecret(`token-${i}-${'x'.repeat(32)}`, policy),
        refreshToken: i % 4 === 0 ? sealSecret(`refresh-${i}`, policy) : undefined,
        expiresAt: i % 4 === 0 ? Date.now() + 86_400_000 : undefined,
        issuedAt: Date.now(),
        clientId: `client-${i % 50}`
      },
      createdAt: Date.now(),
      lastVerifiedAt: Date.now(),
      status: 'ok',
      label: i % 5 === 0 ? `label ${i}` : undefined,
      position: i
    }
    doc.accounts[id] = record
  }
  doc.activeAccountId = 'user0@i0.bench.example'
  doc.cipherBackend = cipher.backend
  openNodeDocumentStore(dir).write(doc)
}

async function loadOnce(dir: string): Promise<{ open: number; decrypt: number; total: number }> {
  const started = performance.now()
  const vault = AccountVault.open({
    store: openNodeDocumentStore(dir),
    cipher: new FileKeyCipher(dir),
    server: noServer
  })
  const opened = performance.now()
  let decrypted = 0
  for (const account of vault.list().accounts) {
    if ((await vault.getAccessToken(account.id)).accessToken) decrypted++
  }
  const done = performance.now()
  if (decrypted !== ACCOUNTS) throw new Error(`decrypted ${decrypted} of ${ACCOUNTS} tokens`)
  return { open: opened - started, decrypt: done - opened, total: done - started }
}

export const ms = (n: number) => `${n.toFixed(1)} ms`
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchLoad(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'fedivault-bench-vault-'))
  try {
    writeLargeStore(dir)
    const size = statSync(vaultStorePath(dir)).size
    const runs = []
    for (let i = 0; i < LOAD_RUNS; i++) runs.push(await loadOnce(dir))
    const first = runs[0]!
    const totals = runs.map((r) => r.total)
    console.log(
      `load + decrypt ${ACCOUNTS} accounts (store ${(size / 1024).toFixed(0)} KiB, ${LOAD_RUNS} runs)`
    )
    console.log(
      `  first run (cold): open ${ms(first.open)} + decrypt ${ms(first.decrypt)} = ${ms(first.total)}`
    )
    console.log(
      `  median: open ${ms(median(runs.map((r) => r.open)))} + decrypt ${ms(median(runs.map((r) => r.decrypt)))} = ${ms(median(totals))}` +
        `   (best ${ms(Math.min(...totals))}, worst ${ms(Math.max(...totals))})`
    )
    const ok = median(totals) <= LOAD_TARGET_MS
    console.log(`  target ≤ ${LOAD_TARGET_MS} ms (median): ${ok ? 'met' : 'MISSED'}`)
    return ok
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
