import { createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface SilentPort {
  /** `http://127.0.0.1:PORT` */
  origin: string
  /** Connections accepted so far (each one a request that will never be answered). */
  connections: number
  close(): Promise<void>
}

/**
 * A port on 127.0.0.1 that accepts every connection and never sends a byte: a firewalled or
 * wedged server, or a TLS hello sent to a plain-http port. The client's own deadline is all that
 * ends such a request.
 */
export async function startSilentPort(): Promise<SilentPort> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    port.connections++
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    // Read and drop whatever arrives, so the client's writes never back up.
    socket.resume()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port: SilentPort = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
  return port
}
