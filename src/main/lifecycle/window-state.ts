import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** What a display contributes: the area windows may use (screen minus taskbar, dock, menu bar). */
export interface DisplayArea {
  workArea: Rect
}

const dimension = z.number().int().min(1).max(100_000)
const coordinate = z.number().int().min(-100_000).max(100_000)

/** The persisted shape. Parsed on read: the file is ours, but could be truncated or hand-edited. */
export const windowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: dimension, height: dimension }),
  maximized: z.boolean(),
  fullScreen: z.boolean().default(false)
})
export type WindowState = z.infer<typeof windowStateSchema>

export interface WindowDefaults {
  width: number
  height: number
  minWidth: number
  minHeight: number
}

/** Options for the new window: no x/y means "let the system centre it". */
export interface InitialWindowState {
  bounds: { x?: number; y?: number; width: number; height: number }
  maximized: boolean
  fullScreen: boolean
}

/**
 * Where the window opens, from what was saved and the displays attached now. The saved bounds are
 * kept on the display they overlap most, shrunk to fit its work area and moved fully inside it, so
 * a window last seen on an unplugged monitor, or larger than the current screen, is always
 * reachable. With nothing valid saved, the default size is centred by the system.
 */
export function initialWindowState(
  saved: unknown,
  displays: readonly DisplayArea[],
  defaults: WindowDefaults
): InitialWindowState {
  const fallback: InitialWindowState = {
    bounds: { width: defaults.width, height: defaults.height },
    maximized: false,
    fullScreen: false
  }
  const parsed = windowStateSchema.safeParse(saved)
  if (!parsed.success) return fallback
  const { bounds, maximized, fullScreen } = parsed.data

  // Off every display (a monitor was unplugged): bring it to the first one, which the adapter
  // makes the primary display, centred.
  const overlapping = mostOverlapping(bounds, displays)
  const display = overlapping ?? displays[0]
  if (!display) return fallback
  const area = display.workArea
  const width = clamp(bounds.width, Math.min(defaults.minWidth, area.width), area.width)
  const height = clamp(bounds.height, Math.min(defaults.minHeight, area.height), area.height)
  const x = overlapping ? bounds.x : area.x + Math.round((area.width - width) / 2)
  const y = overlapping ? bounds.y : area.y + Math.round((area.height - height) / 2)
  return {
    bounds: {
      x: clamp(x, area.x, area.x + area.width - width),
      y: clamp(y, area.y, area.y + area.height - height),
      width,
      height
    },
    maximized,
    fullScreen
  }
}

function mostOverlapping(rect: Rect, displays: readonly DisplayArea[]): DisplayArea | undefined {
  let best: DisplayArea | undefined
  let bestArea = 0
  for (const display of displays) {
    const area = overlap(rect, display.workArea)
    if (area > bestArea) {
      best = display
      bestArea = area
    }
  }
  return best
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return w > 0 && h > 0 ? w * h : 0
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}
