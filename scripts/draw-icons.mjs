#!/usr/bin/env node
// Draws Fedivault's app and tray icons (a vault door with a keyhole) and writes them as PNGs into
// resources/. No image library: shapes are signed-distance functions, anti-aliased by distance,
// encoded with node:zlib. The output is deterministic, so `--check` can verify that the committed
// PNGs are exactly what this script draws.
//
//   node scripts/draw-icons.mjs          write resources/*.png
//   node scripts/draw-icons.mjs --check  exit 1 if any committed PNG differs
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'resources')

// --- shapes (coordinates in units of the icon's side, origin top-left) ---------------------------

const roundRect = (x0, y0, x1, y1, r) => (px, py) => {
  const cx = (x0 + x1) / 2
  const cy = (y0 + y1) / 2
  const qx = Math.abs(px - cx) - ((x1 - x0) / 2 - r)
  const qy = Math.abs(py - cy) - ((y1 - y0) / 2 - r)
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
}
const circle = (cx, cy, r) => (px, py) => Math.hypot(px - cx, py - cy) - r
const union =
  (...shapes) =>
  (px, py) =>
    Math.min(...shapes.map((s) => s(px, py)))
const ring = (shape, width) => (px, py) => Math.abs(shape(px, py)) - width / 2

// A keyhole: a round head over a tapering stem.
const keyhole = (cx, cy, size) => {
  const head = circle(cx, cy - size * 0.25, size * 0.5)
  const stem = (px, py) => {
    const top = cy - size * 0.1
    const bottom = cy + size * 1.05
    const t = Math.min(Math.max((py - top) / (bottom - top), 0), 1)
    const half = size * (0.2 + 0.14 * t)
    return Math.max(Math.abs(px - cx) - half, top - py, py - bottom)
  }
  return union(head, stem)
}

// --- raster ------------------------------------------------------------------------------------

/** layers: [{ shape, color: [r,g,b,a] | (u, v) => [r,g,b,a] }], painted bottom to top. */
function rasterize(size, layers) {
  const pixels = new Float64Array(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size
      const v = (y + 0.5) / size
      const i = (y * size + x) * 4
      for (const layer of layers) {
        // Distance in pixels → coverage: half a pixel of soft edge either side of the outline.
        const coverage = Math.min(Math.max(0.5 - layer.shape(u, v) * size, 0), 1)
        if (coverage === 0) continue
        const [r, g, b, a] = typeof layer.color === 'function' ? layer.color(u, v) : layer.color
        const src = a * coverage
        const dst = pixels[i + 3]
        const out = src + dst * (1 - src)
        if (out === 0) continue
        for (let c = 0; c < 3; c++) {
          pixels[i + c] = ([r, g, b][c] * src + pixels[i + c] * dst * (1 - src)) / out
        }
        pixels[i + 3] = out
      }
    }
  }
  const bytes = Buffer.alloc(size * size * 4)
  for (let i = 0; i < pixels.length; i++) {
    bytes[i] = Math.round((i % 4 === 3 ? pixels[i] * 255 : pixels[i]) || 0)
  }
  return bytes
}

// --- PNG ----------------------------------------------------------------------------------------

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per channel
  header[9] = 6 // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0 // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ])
}

// --- the marks ------------------------------------------------------------------------------------

// Tray glyph: a door outline with a keyhole, bold enough to read at 16 px.
const trayGlyph = union(ring(roundRect(0.1, 0.1, 0.9, 0.9, 0.2), 0.12), keyhole(0.5, 0.47, 0.22))

function trayIcon(size, rgb) {
  return rasterize(size, [{ shape: trayGlyph, color: [...rgb, 1] }])
}

// Attention variant (an account needs sign-in): the same glyph with a round badge in the top
// right corner, cut free of the door by a transparent gap so it reads at 16 px. macOS gets it in
// black (the template is tinted); elsewhere the badge is amber on either panel.
const badge = circle(0.8, 0.2, 0.17)
const badgeGap = circle(0.8, 0.2, 0.25)
const cut = (shape, hole) => (px, py) => Math.max(shape(px, py), -hole(px, py))

function trayAttentionIcon(size, rgb, badgeRgb = rgb) {
  return rasterize(size, [
    { shape: cut(trayGlyph, badgeGap), color: [...rgb, 1] },
    { shape: badge, color: [...badgeRgb, 1] }
  ])
}

// App icon: on the macOS icon grid (824/1024 body, 185 px corner), a violet tile holding a round
// vault door with a keyhole.
function appIcon(size) {
  const m = (1024 - 824) / 2 / 1024
  const tile = roundRect(m, m, 1 - m, 1 - m, 185 / 1024)
  const top = [124, 108, 255]
  const bottom = [67, 56, 202]
  const gradient = (_u, v) => {
    const t = Math.min(Math.max((v - m) / (1 - 2 * m), 0), 1)
    return [...top.map((c, i) => c + (bottom[i] - c) * t), 1]
  }
  return rasterize(size, [
    { shape: tile, color: gradient },
    { shape: circle(0.5, 0.5, 0.29), color: [255, 255, 255, 1] },
    { shape: ring(circle(0.5, 0.5, 0.22), 0.025), color: [196, 190, 255, 1] },
    ...[0, 1, 2, 3].map((k) => {
      const angle = Math.PI / 4 + (k * Math.PI) / 2
      return {
        shape: circle(0.5 + Math.cos(angle) * 0.255, 0.5 + Math.sin(angle) * 0.255, 0.018),
        color: [196, 190, 255, 1]
      }
    }),
    { shape: keyhole(0.5, 0.5, 0.15), color: [67, 56, 202, 1] }
  ])
}

const black = [0, 0, 0]
const white = [255, 255, 255]
const ink = [40, 40, 48]
const amber = [245, 158, 11]

/** Every file in resources/ this script owns, by name. */
export function renderIcons() {
  return {
    'icon.png': encodePng(1024, appIcon(1024)),
    // macOS: black + alpha only; the system tints it for the menu bar's appearance.
    'trayTemplate.png': encodePng(16, trayIcon(16, black)),
    'trayTemplate@2x.png': encodePng(32, trayIcon(32, black)),
    // Windows and Linux: a light glyph for dark panels and a dark glyph for light ones.
    'tray-on-dark.png': encodePng(16, trayIcon(16, white)),
    'tray-on-dark@2x.png': encodePng(32, trayIcon(32, white)),
    'tray-on-light.png': encodePng(16, trayIcon(16, ink)),
    'tray-on-light@2x.png': encodePng(32, trayIcon(32, ink)),
    // While an account needs sign-in.
    'trayAttentionTemplate.png': encodePng(16, trayAttentionIcon(16, black)),
    'trayAttentionTemplate@2x.png': encodePng(32, trayAttentionIcon(32, black)),
    'tray-attention-on-dark.png': encodePng(16, trayAttentionIcon(16, white, amber)),
    'tray-attention-on-dark@2x.png': encodePng(32, trayAttentionIcon(32, white, amber)),
    'tray-attention-on-light.png': encodePng(16, trayAttentionIcon(16, ink, amber)),
    'tray-attention-on-light@2x.png': encodePng(32, trayAttentionIcon(32, ink, amber))
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check')
  const stale = []
  mkdirSync(outDir, { recursive: true })
  for (const [name, png] of Object.entries(renderIcons())) {
    const file = join(outDir, name)
    if (check) {
      if (!existsSync(file) || !readFileSync(file).equals(png)) stale.push(name)
    } else {
      writeFileSync(file, png)
      console.log(`wrote resources/${name} (${png.length} bytes)`)
    }
  }
  if (stale.length > 0) {
    console.error(`out of date: ${stale.join(', ')} (run node scripts/draw-icons.mjs)`)
    process.exit(1)
  }
}
