import { createServer } from 'node:http'
import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { startLoopbackListener } from '../../../src/main/fediverse'
import { failure } from './support'

/** GET with an explicit Host header (fetch will not let us forge one). */
function get(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('loopback redirect listener', () => {
  it('captures code and state on 127.0.0.1, answers a close-this-tab page, and closes', async () => {
    const l = await startLoopbackListener({ state: 'st', timeoutMs: 5000 })
    expect(l.redirectUri).toBe(`http://127.0.0.1:${l.port}/callback`)
    const res = await get(l.port, '/callback?code=the-code&state=st')
    expect(res.status).toBe(200)
    expect(res.body).toMatch(/close this tab/)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(await l.result).toEqual({ code: 'the-code', state: 'st' })
    await new Promise((r) => setTimeout(r, 20))
    await expect(get(l.port, '/callback?code=x&state=st')).rejects.toThrow()
  })

  it('ignores a wrong state, a foreign Host and other paths, and keeps waiting', async () => {
    const l = await startLoopbackListener({ state: 'right', timeoutMs: 5000 })
    expect((await get(l.port, '/callback?code=evil&state=wrong')).status).toBe(400)
    expect((await get(l.port, '/callback?code=evil')).status).toBe(400)
    expect((await get(l.port, '/callback?code=evil&state=right', 'attacker.example')).status).toBe(
      404
    )
    expect((await get(l.port, '/favicon.ico')).status).toBe(404)
    await get(l.port, '/callback?code=good&state=right')
    expect((await l.result).code).toBe('good')
  })

  it('reports a declined authorization', async () => {
    const l = await startLoopbackListener({ state: 's', timeoutMs: 5000 })
    await get(l.port, '/callback?error=access_denied&state=s')
    expect(await failure(l.result)).toMatchObject({
      code: 'forbidden',
      step: 'waiting_for_browser'
    })
  })

  it('times out and frees the port', async () => {
    const l = await startLoopbackListener({ state: 's', timeoutMs: 50 })
    expect(await failure(l.result)).toMatchObject({ code: 'timeout', step: 'waiting_for_browser' })
    await new Promise((r) => setTimeout(r, 20))
    const again = await startLoopbackListener({ state: 's', port: l.port, timeoutMs: 1000 })
    expect(again.port).toBe(l.port)
    again.close()
  })

  it('can be cancelled, and refuses a port that is taken', async () => {
    const l = await startLoopbackListener({ state: 's', timeoutMs: 5000 })
    l.close()
    expect(await failure(l.result)).toMatchObject({ code: 'cancelled' })

    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as { port: number }).port
    expect(
      await failure(startLoopbackListener({ state: 's', port, timeoutMs: 1000 }))
    ).toMatchObject({ code: 'EADDRINUSE' })
    blocker.close()
  })
})
