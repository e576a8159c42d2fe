import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { inflateSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'

const root = resolve(__dirname, '../../..')
const resources = join(root, 'resources')

interface Png {
  width: number
  height: number
  /** RGBA, row by row. */
  pixels: Buffer
}

/** Reads the 8-bit RGBA, unfiltered PNGs scripts/draw-icons.mjs writes (and refuses anything else). */
function readPng(file: string): Png {
  const data = readFileSync(file)
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  let offset = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (offset < data.length) {
    const length = data.readUInt32BE(offset)
    const type = data.toString('ascii', offset + 4, offset + 8)
    const body = data.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = body.readUInt32BE(0)
      height = body.readUInt32BE(4)
      expect([body[8], body[9]]).toEqual([8, 6])
    }
    if (type === 'IDAT') idat.push(body)
    offset += 12 + length
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * 4 + 1
  const pixels = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    expect(raw[y * stride]).toBe(0)
    raw.copy(pixels, y * width * 4, y * stride + 1, (y + 1) * stride)
  }
  return { width, height, pixels }
}

function inkedPixels(png: Png): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = []
  for (let i = 0; i < png.pixels.length; i += 4) {
    if (png.pixels[i + 3]! > 0)
      out.push([png.pixels[i]!, png.pixels[i + 1]!, png.pixels[i + 2]!, png.pixels[i + 3]!])
  }
  return out
}

describe('resources/ icons', () => {
  test('the committed PNGs are exactly what scripts/draw-icons.mjs draws', () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, 'scripts/draw-icons.mjs'), '--check'], {
        stdio: 'pipe'
      })
    ).not.toThrow()
  })

  test.each([
    ['icon.png', 1024],
    ['trayTemplate.png', 16],
    ['trayTemplate@2x.png', 32],
    ['tray-on-dark.png', 16],
    ['tray-on-dark@2x.png', 32],
    ['tray-on-light.png', 16],
    ['tray-on-light@2x.png', 32],
    ['trayAttentionTemplate.png', 16],
    ['trayAttentionTemplate@2x.png', 32],
    ['tray-attention-on-dark.png', 16],
    ['tray-attention-on-dark@2x.png', 32],
    ['tray-attention-on-light.png', 16],
    ['tray-attention-on-light@2x.png', 32]
  ])('%s is %i px square', (name, size) => {
    const png = readPng(join(resources, name))
    expect([png.width, png.height]).toEqual([size, size])
  })

  test('macOS template images are black with alpha only (the menu bar tints them)', () => {
    for (const name of [
      'trayTemplate.png',
      'trayTemplate@2x.png',
      'trayAttentionTemplate.png',
      'trayAttentionTemplate@2x.png'
    ]) {
      const inked = inkedPixels(readPng(join(resources, name)))
      expect(inked.length).toBeGreaterThan(20)
      expect(inked.every(([r, g, b]) => r === 0 && g === 0 && b === 0)).toBe(true)
    }
  })

  test('the variant for dark panels is light, the one for light panels is dark', () => {
    const luminance = (name: string) => {
      const inked = inkedPixels(readPng(join(resources, name)))
      return inked.reduce((sum, [r, g, b]) => sum + (r + g + b) / 3, 0) / inked.length
    }
    expect(luminance('tray-on-dark.png')).toBeGreaterThan(200)
    expect(luminance('tray-on-light.png')).toBeLessThan(60)
  })

  test('the tray glyph: a door outline around a solid keyhole, on a transparent background', () => {
    const png = readPng(join(resources, 'tray-on-light@2x.png'))
    const alpha = (x: number, y: number) => png.pixels[(y * png.width + x) * 4 + 3]!
    expect(alpha(0, 0)).toBe(0)
    expect(alpha(4, 16)).toBe(255) // the door's left edge
    expect(alpha(10, 16)).toBe(0) // between edge and keyhole
    expect(alpha(16, 13)).toBe(255) // the keyhole
  })

  test('the attention variant: the same door, a badge top right, cut free by a gap', () => {
    for (const panel of ['on-dark', 'on-light']) {
      const plain = readPng(join(resources, `tray-${panel}@2x.png`))
      const png = readPng(join(resources, `tray-attention-${panel}@2x.png`))
      const at = (p: Png, x: number, y: number) => [
        ...p.pixels.subarray((y * 32 + x) * 4, (y * 32 + x) * 4 + 4)
      ]
      expect(at(png, 4, 16)).toEqual(at(plain, 4, 16)) // the door's left edge is unchanged
      expect(at(png, 16, 13)).toEqual(at(plain, 16, 13)) // and so is the keyhole
      expect(at(plain, 22, 7)[3]).toBe(0) // inside the plain door, near its corner: nothing
      expect(at(png, 22, 7)).toEqual([245, 158, 11, 255]) // the amber badge
      expect(at(png, 20, 2)[3]).toBe(0) // the gap cut into the door's top edge
      expect(at(plain, 20, 2)[3]).toBe(255)
    }
    const template = readPng(join(resources, 'trayAttentionTemplate@2x.png'))
    expect(template.pixels[(6 * 32 + 25) * 4 + 3]).toBe(255)
  })
})
