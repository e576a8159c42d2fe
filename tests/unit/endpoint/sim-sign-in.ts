import http from 'node:http'
import { OOB, type Simulator } from '../../sim'

/** A form POST to the simulator, straight over node:http (no client library in the way). */
function postForm(url: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const body = new URLSearchParams(fields).toString()
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body)
        }
      },
      (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
        res.on('end', () => {
          try {
            resolve(JSON.parse(text))
          } catch {
            reject(new Error(`${res.statusCode}: ${text.slice(0, 200)}`))
          }
        })
      }
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** The out-of-band OAuth dance a person does once in Fedivault; here it yields alice's token. */
export async function signInAlice(sim: Simulator): Promise<string> {
  const app = await postForm(`${sim.url}/api/v1/apps`, {
    client_name: 'Fedivault test',
    redirect_uris: OOB,
    scopes: 'read write'
  })
  const authorize = new URL(`${sim.url}/oauth/authorize`)
  authorize.search = new URLSearchParams({
    client_id: String(app.client_id),
    redirect_uri: OOB,
    response_type: 'code',
    scope: 'read write'
  }).toString()
  const { code } = await sim.approve(authorize.toString(), {
    username: 'alice',
    password: 'correct horse'
  })
  if (!code) throw new Error('the simulator gave no code')
  const tokens = await postForm(`${sim.url}/oauth/token`, {
    grant_type: 'authorization_code',
    code,
    client_id: String(app.client_id),
    client_secret: String(app.client_secret),
    redirect_uri: OOB,
    scope: 'read write'
  })
  return String(tokens.access_token)
}
