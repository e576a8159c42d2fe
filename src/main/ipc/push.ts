import { events, type EventName, type EventPayload } from '@shared/ipc/contract'

export type EventSink = (event: EventName, payload: unknown) => void

/**
 * Main → renderer events. Until the renderer says it is ready (its listeners are attached),
 * events are queued rather than lost; a reload detaches the sink and queues again.
 */
export class EventQueue {
  #sink: EventSink | undefined
  #ready = false
  #queue: Array<[EventName, unknown]> = []
  readonly #limit: number

  constructor(limit = 500) {
    this.#limit = limit
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Validate here so a malformed event is a bug in main, not a surprise in the renderer.
    const data = events[event].parse(payload)
    if (this.#ready && this.#sink) {
      this.#sink(event, data)
      return
    }
    this.#queue.push([event, data])
    if (this.#queue.length > this.#limit) this.#queue.shift()
  }

  /** A renderer connected (or reloaded): deliver nothing until it calls ready(). */
  attach(sink: EventSink): void {
    this.#sink = sink
    this.#ready = false
  }

  detach(): void {
    this.#sink = undefined
    this.#ready = false
  }

  ready(): void {
    if (!this.#sink) return
    this.#ready = true
    const pending = this.#queue
    this.#queue = []
    for (const [event, payload] of pending) this.#sink(event, payload)
  }
}
