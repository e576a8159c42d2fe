import type { IncomingMessage, ServerResponse } from 'node:http'
import { credentialAccount, type SimUser } from './documents'
import { bearerToken, parseBody, readBody, sendJson } from './http'
import type { OAuthState } from './oauth-state'
import type { Personality } from './personalities'

/**
 * What a client needs beyond sign-in to be used as people use it: home and public timelines that
 * page with `Link` (Mastodon's `max_id`), posting, and the HTTP streaming API
 * (`text/event-stream`). Statuses are numbered from 100 down; every posted one goes on top.
 */
export interface TimelineOptions {
  /** Statuses in each timeline before anything is posted (3 pages of the default limit 20). */
  statuses: number
  /** Events `/api/v1/streaming/user` sends before it ends (or stays open: `stayOpen`). */
  streamEvents: number
  stayOpen: boolean
}

export interface TimelineState {
  options: TimelineOptions
  posted: Record<string, unknown>[]
}

export function newTimelineState(): TimelineState {
  return { options: { statuses: 45, streamEvents: 3, stayOpen: false }, posted: [] }
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void

interface Context {
  personality: Personality
  state: OAuthState
  users: SimUser[]
  origin: () => string
  timelines: TimelineState
}

export function timelineRoutes(ctx: Context): Record<string, Handler> {
  const author = (username: string | undefined) => {
    const index = Math.max(
      0,
      ctx.users.findIndex((u) => u.username === username)
    )
    return credentialAccount(ctx.users[index]!, index, ctx.personality, ctx.origin())
  }
  const status = (id: number, username: string | undefined, text?: string) => ({
    id: String(id),
    created_at: new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'en',
    uri: `${ctx.origin()}/users/${username}/statuses/${id}`,
    url: `${ctx.origin()}/@${username}/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: `<p>${text ?? `Status number ${id}`}</p>`,
    reblog: null,
    application: null,
    account: author(username),
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false
  })
  const user = (req: IncomingMessage, res: ServerResponse) => {
    const t = ctx.state.liveToken(bearerToken(req))
    if (!t?.username) {
      sendJson(res, 401, { error: 'The access token is invalid' })
      return undefined
    }
    return t
  }

  const timeline: Handler = (req, res, url) => {
    const t = user(req, res)
    if (!t) return
    const limit = Math.min(40, Number(url.searchParams.get('limit') ?? 20) || 20)
    const maxId = Number(url.searchParams.get('max_id') ?? Infinity)
    const all = [
      ...ctx.timelines.posted,
      ...Array.from({ length: ctx.timelines.options.statuses }, (_, i) =>
        status(ctx.timelines.options.statuses - i, t.username)
      )
    ]
    const page = all.filter((s) => Number(s.id) < maxId).slice(0, limit)
    const headers: Record<string, string> = {}
    const last = page.at(-1)
    if (last && Number(last.id) > 1) {
      const next = new URL(`${ctx.origin()}${url.pathname}`)
      next.searchParams.set('limit', String(limit))
      next.searchParams.set('max_id', String(last.id))
      const prev = new URL(`${ctx.origin()}${url.pathname}`)
      prev.searchParams.set('min_id', String(page[0]!.id))
      headers.Link = `<${next}>; rel="next", <${prev}>; rel="prev"`
    }
    sendJson(res, 200, page, headers)
  }

  const post: Handler = async (req, res) => {
    const t = user(req, res)
    if (!t) return
    if (!t.scopes.some((s) => s === 'write' || s === 'write:statuses')) {
      return sendJson(res, 403, { error: 'This action is outside the authorized scopes' })
    }
    const body = parseBody(req.headers['content-type'], await readBody(req))
    const text = typeof body.fields.status === 'string' ? body.fields.status : ''
    if (text === '') return sendJson(res, 422, { error: "Validation failed: Text can't be blank" })
    const id = 1000 + ctx.timelines.posted.length
    const posted = status(id, t.username, text)
    ctx.timelines.posted.unshift(posted)
    sendJson(res, 200, posted)
  }

  const stream: Handler = (req, res) => {
    const t = user(req, res)
    if (!t) return
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' })
    res.write(':)\n')
    const { streamEvents, stayOpen } = ctx.timelines.options
    for (let i = 1; i <= streamEvents; i++) {
      res.write(`event: update\ndata: ${JSON.stringify(status(500 + i, t.username))}\n\n`)
    }
    if (!stayOpen) res.end()
  }

  return {
    'GET /api/v1/timelines/home': timeline,
    'GET /api/v1/timelines/public': timeline,
    'POST /api/v1/statuses': post,
    'GET /api/v1/streaming/user': stream
  }
}
