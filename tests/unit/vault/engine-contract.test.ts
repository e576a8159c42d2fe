import { expect, expectTypeOf, test } from 'vitest'
import type {
  AppRegistry as EngineAppRegistry,
  TokenSet,
  VerifiedSignIn
} from '../../../src/main/fediverse'
import {
  type AppRegistry,
  checkVerifiedSignIn,
  type IssuedTokens,
  type VerifiedSignInInput
} from '../../../src/main/vault'

// The vault states its own ports; these checks fail to compile when the engine drifts from them.
test('the engine’s types fit the vault’s ports', () => {
  expectTypeOf<VerifiedSignIn>().toExtend<VerifiedSignInInput>()
  expectTypeOf<AppRegistry>().toExtend<EngineAppRegistry>()
  expectTypeOf<Omit<TokenSet, 'scope'>>().toExtend<Omit<IssuedTokens, 'scope'>>()
})

test('capabilities come from the engine’s `auth` or the DTO’s `signIn`', () => {
  const base = {
    apiBaseUrl: 'https://x.example',
    handle: 'a@x.example',
    account: { id: '1', username: 'a' },
    tokens: { accessToken: 't', tokenType: 'Bearer', scope: ['read', 'write'], createdAt: 1 },
    app: { clientId: 'c', clientSecret: 's', redirectUris: [], scopes: ['read'], registeredAt: 0 }
  }
  const engine = checkVerifiedSignIn({
    ...base,
    instance: {
      software: 'pleroma',
      discoveredAt: 42,
      auth: { passwordGrant: 'supported', pkce: 'unknown' },
      limits: { maxStatusLen: 5000, maxAttachments: 10, maxAttSize: 1, supportedMimeTypes: [] }
    }
  })
  expect(engine.scopes).toEqual(['read', 'write'])
  expect(engine.instance).toEqual({
    software: 'pleroma',
    version: undefined,
    discoveredAt: 42,
    capabilities: {
      browserSignIn: true,
      pkce: false,
      passwordGrant: 'yes',
      maxStatusLen: 5000,
      maxAttachments: 10
    }
  })
  const dto = checkVerifiedSignIn({
    ...base,
    instance: {
      software: 'gotosocial',
      signIn: { browser: { available: true, pkce: true }, password: { available: 'no' } }
    }
  })
  expect(dto.instance.capabilities).toEqual({
    browserSignIn: true,
    pkce: true,
    passwordGrant: 'no',
    maxStatusLen: undefined,
    maxAttachments: undefined
  })
})
