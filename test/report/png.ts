import { PNG } from 'pngjs'
import { expect } from 'vitest'

/* Reading the picture back the way a merchant's phone would: a valid PNG, its size, not blank. */

/** Width and height from the IHDR chunk, which a valid PNG carries first. */
export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

/** Variance of the grey level over every pixel: a blank or single-colour image is 0. */
export function greyVariance(png: Buffer): number {
  const image = PNG.sync.read(png)
  let sum = 0
  let sumSq = 0
  const n = image.width * image.height
  for (let i = 0; i < image.data.length; i += 4) {
    const grey = (image.data[i] + image.data[i + 1] + image.data[i + 2]) / 3
    sum += grey
    sumSq += grey * grey
  }
  return sumSq / n - (sum / n) ** 2
}
