import type { NoticesSlice, SliceCreator } from '../types'

/** At most this many notices stay on screen; older ones make room. */
const MAX_NOTICES = 5

export function createNoticesSlice(): SliceCreator<NoticesSlice> {
  let nextId = 1
  return (set) => ({
    notices: [],
    pushNotice(notice) {
      const id = nextId++
      set((s) => {
        // The same message twice in a row (a tray click repeated, say) is one notice.
        const rest = s.notices.filter((n) => n.message !== notice.message)
        return { notices: [...rest, { ...notice, id }].slice(-MAX_NOTICES) }
      })
      return id
    },
    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
    }
  })
}
